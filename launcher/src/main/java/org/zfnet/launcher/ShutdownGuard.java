package org.zfnet.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.zfnet.launcher.spi.CommandRunner;

/**
 * A shutdown hook for exits that {@link Main} did not ask for while a command runs: Ctrl-C or another signal, or an
 * exit a plugin made where {@link ExitWeaver} cannot see it (reflection, method handles). It has the command bundle
 * remove what the runs in flight have written ({@code CommandRunner.abort()}), prints one line saying what happened,
 * and ends the process with 128 + the signal's number, or 1 for an exit: never 0 for work not done.
 * ({@code Runtime.halt} by reflection runs no hooks; nothing in the JVM can catch it.)
 */
final class ShutdownGuard {

    /** The signals on which the JVM runs its shutdown hooks, with their numbers on Linux. */
    private static final Map<String, Integer> SIGNALS = Map.of("SIGHUP", 1, "SIGINT", 2, "SIGTERM", 15);

    private final PrintStream err;
    private volatile Container container;
    private volatile boolean released;

    private ShutdownGuard(PrintStream err) {
        this.err = err;
    }

    /** Registers the hook; until {@link #release()}, every exit counts as one that stops a command. */
    static ShutdownGuard install(PrintStream err) {
        ShutdownGuard guard = new ShutdownGuard(err);
        Runtime.getRuntime().addShutdownHook(new Thread(guard::onShutdown, "zfnet-shutdown-guard"));
        return guard;
    }

    /** The container whose command bundle is told to abort. */
    void watch(Container running) {
        this.container = running;
    }

    /** The launcher is done and exits with its own code. */
    void release() {
        released = true;
    }

    private void onShutdown() {
        if (released) {
            return;
        }
        Request request = Request.find(Thread.getAllStackTraces());
        Container running = container;
        List<Path> unwritten = running == null ? List.of() : running.abort();
        String nothing = unwritten.isEmpty() ? "" : ", nothing was written to "
                + unwritten.stream().map(Path::toString).collect(Collectors.joining(", "));
        err.println("zfnet: " + (request.signal() != null
                ? "interrupted (" + request.signal() + "); stopped before finishing" + nothing
                : "the process was asked to exit" + (request.call().isEmpty() ? "" : " (" + request.call() + ")")
                        + " before the command finished; stopped" + nothing));
        err.flush();
        Runtime.getRuntime().halt(request.signal() != null ? 128 + SIGNALS.get(request.signal()) : CommandRunner.FAILED);
    }

    /**
     * Who asked the JVM to exit, from the stack of the thread inside {@code java.lang.Shutdown.exit}.
     *
     * @param signal the signal's name, e.g. {@code SIGINT}, or {@code null} when code asked
     * @param call   what was called and by whom, e.g. {@code System.exit called by org.example.Plugin.run}; empty
     *               when the thread that asked is gone
     */
    record Request(String signal, String call) {

        static Request find(Map<Thread, StackTraceElement[]> stacks) {
            for (Map.Entry<Thread, StackTraceElement[]> e : stacks.entrySet()) {
                List<StackTraceElement> frames = Arrays.asList(e.getValue());
                int shutdown = indexOf(frames, "java.lang.Shutdown", "exit");
                if (shutdown < 0) {
                    continue;
                }
                String signal = e.getKey().getName().replace(" handler", "");
                if (SIGNALS.containsKey(signal)
                        && frames.stream().anyMatch(f -> f.getClassName().startsWith("java.lang.Terminator"))) {
                    return new Request(signal, null);
                }
                boolean system = indexOf(frames, "java.lang.System", "exit") > shutdown;
                String caller = frames.subList(shutdown, frames.size()).stream().filter(f -> !platform(f.getClassName()))
                        .findFirst().map(f -> " called by " + f.getClassName() + "." + f.getMethodName()).orElse("");
                return new Request(null, (system ? "System.exit" : "Runtime.exit") + caller);
            }
            return new Request(null, "");
        }

        private static int indexOf(List<StackTraceElement> frames, String className, String method) {
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).getClassName().equals(className) && frames.get(i).getMethodName().equals(method)) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean platform(String className) {
            return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.");
        }
    }
}

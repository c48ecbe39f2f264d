package org.zfnet.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.zfnet.launcher.spi.CommandRunner;

/**
 * The zfnet launcher: a plain {@code main} outside the container. It reads the launcher's options,
 * picks the compute backend, starts Felix with the distribution's bundles, runs the command inside,
 * and stops the framework.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        ShutdownGuard guard = ShutdownGuard.install(System.err);
        int code = run(args, Distribution.locate(), System.getenv(), System.out, System.err, guard);
        System.out.flush();
        guard.release();
        System.exit(code);
    }

    /** Runs one launch and returns the exit code; never throws. {@code guard} learns the container once it runs. */
    static int run(String[] args, Distribution dist, Map<String, String> env, PrintStream out, PrintStream err,
            ShutdownGuard guard) {
        try {
            LaunchOptions options = LaunchOptions.parse(args, dist, env);
            Map<String, String> statuses = BackendProbe.ofThisMachine(dist, env).statuses();
            String backend = options.probe() || options.backend().equals("auto")
                    ? BackendProbe.choose(options.backend(), statuses) : options.backend();
            prepareNatives(options);
            Path plugins = options.pluginsDir();
            if (!Files.isDirectory(plugins)) {
                if (!plugins.equals(dist.defaultPluginsDir())) {
                    throw new LaunchException(CommandRunner.BAD_INPUT, "plugins folder " + plugins + " does not exist");
                }
                Files.createDirectories(plugins);
            }
            boolean shell = options.command().equals(List.of("shell"));
            boolean serve = !options.command().isEmpty() && options.command().get(0).equals("serve");
            Container.Settings settings = new Container.Settings(backend, statuses, plugins,
                    options.cacheDir(), options.verbose(), shell, serve);
            try (Container container = Container.start(dist, settings, err)) {
                guard.watch(container);
                if (shell) {
                    container.awaitStop();
                    return CommandRunner.OK;
                }
                return container.run(options.command(), out, err);
            }
        } catch (LaunchException e) {
            err.println("zfnet: " + e.getMessage());
            return e.exitCode();
        } catch (Exception | LinkageError | AssertionError e) {
            err.println("zfnet: internal error: " + e);
            return CommandRunner.FAILED;
        }
    }

    private static void prepareNatives(LaunchOptions options) {
        prepareNatives(options.cacheDir(), options.verbose());
    }

    /**
     * Before a container starts in this JVM: JavaCPP extracts the natives into zfnet's cache {@code cacheDir}; ND4J
     * logs warnings only unless verbose.
     */
    public static void prepareNatives(Path cacheDir, boolean verbose) {
        System.setProperty("org.bytedeco.javacpp.cachedir", cacheDir.resolve("javacpp").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}

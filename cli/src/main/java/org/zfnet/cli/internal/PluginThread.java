package org.zfnet.cli.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisCancelledException;

/**
 * Runs a plugin's code on a thread of its own, so that what it does wrong stays with its run: an exception, an
 * {@link OutOfMemoryError} or a {@link StackOverflowError} becomes one {@link ZfnetException} naming the plugin, and a
 * run past its {@link Timeout} is cancelled (the cancel action, then an interrupt) and reported. The container, and the
 * shell session, go on.
 */
final class PluginThread {

    /**
     * How long a cancelled run gets to notice ({@code checkCancelled()}) and return before the command gives up on it:
     * the api asks plugins to stop within a second, and the message says when one did not.
     */
    static final long GRACE_MS = 1_000;

    private PluginThread() {
    }

    /**
     * Calls {@code work} on a new daemon thread and waits for it, at most {@code timeout}.
     *
     * @param plugin  how messages name the plugin, e.g. {@code plugin edges (org.example.edges)}
     * @param timeout the limit; {@link Timeout#NONE} waits as long as it takes
     * @param cancel  asks the run to stop (makes the context's {@code isCancelled()} true)
     * @param work    the plugin's code
     * @return what {@code work} returned
     * @throws InvalidInputException what the plugin threw to reject its inputs or options, as it is
     * @throws ZfnetException        any other failure, or the time limit, in one line naming the plugin; a run
     *                               that stops with {@link AnalysisCancelledException} is reported as the cancellation
     *                               (the time limit, or that it was cancelled), not as a failure of the plugin
     */
    static <T> T call(String plugin, Timeout timeout, Runnable cancel, Callable<T> work) {
        Outcome<T> outcome = new Outcome<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.value = work.call();
            } catch (Throwable t) { // everything the plugin does wrong, errors included, ends here
                outcome.failure = t;
            }
        }, "zfnet-" + plugin.replace(' ', '-'));
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(timeout.limit().toMillis());
            if (thread.isAlive()) {
                cancel.run();
                thread.interrupt();
                thread.join(GRACE_MS);
                throw new ZfnetException(plugin + " exceeded --timeout " + timeout.text()
                        + (thread.isAlive() ? " and still runs; it does not check isCancelled()" : ""));
            }
        } catch (InterruptedException e) {
            cancel.run();
            thread.interrupt();
            boolean stopped = awaitEnd(thread);
            Thread.currentThread().interrupt();
            throw new ZfnetException(plugin + " was interrupted"
                    + (stopped ? "" : " and still runs; it does not check isCancelled()"));
        }
        if (outcome.failure != null) {
            throw failure(plugin, outcome.failure);
        }
        return outcome.value;
    }

    /**
     * Gives a cancelled run its {@link #GRACE_MS} to end (its networks released, nothing more written), so that the
     * caller's next run does not start beside it; whether it ended.
     */
    private static boolean awaitEnd(Thread thread) {
        try {
            thread.join(GRACE_MS);
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static RuntimeException failure(String plugin, Throwable t) {
        if (t instanceof InvalidInputException e) {
            return e;
        }
        if (t instanceof AnalysisCancelledException) {
            return new ZfnetException(plugin + " was cancelled", t);
        }
        if (t instanceof OutOfMemoryError) {
            return new ZfnetException(plugin + " " + outOfMemory((OutOfMemoryError) t), t);
        }
        if (t instanceof StackOverflowError) {
            return new ZfnetException(plugin + " overflowed its stack (" + t + ")", t);
        }
        return new ZfnetException(plugin + " failed: " + t, t);
    }

    /** What running out of memory says, and how to raise the limit. */
    static String outOfMemory(OutOfMemoryError e) {
        return "ran out of memory (" + e.getMessage() + "); the JVM's limit is "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, set with ZFNET_JAVA_OPTS=-Xmx...";
    }

    private static final class Outcome<T> {
        volatile T value;
        volatile Throwable failure;
    }
}

package org.zfnet.launcher.spi;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one command line inside the container. Registered as a service by the command bundle; the
 * launcher, a plain {@code main} outside the container, calls it after the framework has started.
 */
public interface CommandRunner {

    /** Exit code of a command that did what was asked. */
    int OK = 0;
    /** Exit code of a command that failed for a reason other than its input. */
    int FAILED = 1;
    /** Exit code for bad input: unknown options, missing files, bad values, an unusable backend. */
    int BAD_INPUT = 2;

    /**
     * Runs {@code args} (without the launcher's own options) and returns the exit code.
     * Errors are reported on {@code err} as one line; nothing is thrown.
     */
    int run(List<String> args, PrintStream out, PrintStream err);

    /**
     * Called by the launcher when the JVM is going down while commands run (Ctrl-C, a signal, or an exit that no
     * command asked for): removes what the runs in flight have written so far, keeping what lets a re-run resume, and
     * returns their output folders, as given, which they will not write. Returns quickly; the launcher ends the process
     * right after.
     *
     * @since 1.1
     */
    default List<Path> abort() {
        return List.of();
    }
}

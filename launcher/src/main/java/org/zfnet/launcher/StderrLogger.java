package org.zfnet.launcher;

import java.io.PrintStream;
import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** Felix's log as one line per message on standard error, so that standard output stays the command's. */
final class StderrLogger extends Logger {

    private final PrintStream err;

    StderrLogger(PrintStream err, int level) {
        this.err = err;
        setLogLevel(level);
    }

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        StringBuilder line = new StringBuilder("zfnet: felix: ");
        if (bundle != null) {
            line.append('[').append(bundle.getSymbolicName()).append("] ");
        }
        line.append(msg);
        if (throwable != null) {
            line.append(": ").append(throwable);
        }
        err.println(line);
    }
}

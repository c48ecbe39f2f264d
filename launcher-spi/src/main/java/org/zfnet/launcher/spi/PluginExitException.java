package org.zfnet.launcher.spi;

/** A plugin tried to end the process; thrown by {@link PluginExits} in place of the call, e.g. {@code called System.exit(3)}. */
public final class PluginExitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PluginExitException(String call, int status) {
        super("called " + call + "(" + status + ")");
    }
}

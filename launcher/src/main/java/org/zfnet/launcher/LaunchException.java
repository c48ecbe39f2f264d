package org.zfnet.launcher;

/** The launch cannot go on; the message is printed as one line and the launcher exits with {@link #exitCode()}. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    LaunchException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    LaunchException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

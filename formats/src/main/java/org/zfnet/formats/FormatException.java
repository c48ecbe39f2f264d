package org.zfnet.formats;

/**
 * A file is not what its format says it should be; the message names the file and the problem. Callers
 * treat it as bad input (the command line exits with code 2).
 */
public class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

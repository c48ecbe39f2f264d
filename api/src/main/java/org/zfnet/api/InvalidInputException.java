package org.zfnet.api;

/**
 * The user gave something we cannot use: a bad option value, a malformed file, a missing tensor.
 * The command line reports the message as one line and exits with code 2.
 */
public class InvalidInputException extends ZfnetException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.zfnet.api;

/** Root of every error zfnet raises on purpose. Unchecked; the message is meant for a person. */
public class ZfnetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ZfnetException(String message) {
        super(message);
    }

    public ZfnetException(String message, Throwable cause) {
        super(message, cause);
    }
}

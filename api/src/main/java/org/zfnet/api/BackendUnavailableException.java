package org.zfnet.api;

/** The requested compute backend cannot run on this machine; the message names the reason. */
public class BackendUnavailableException extends ZfnetException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

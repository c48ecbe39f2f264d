package org.zfnet.serve.internal;

/**
 * A request the server refuses, with its HTTP status and the one line the client gets (text/plain), e.g.
 * {@code 404 unknown image 'x9'; the server's images are s0..s11, f0..f3}.
 */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final int BAD_REQUEST = 400;
    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int TOO_LARGE = 413;

    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}

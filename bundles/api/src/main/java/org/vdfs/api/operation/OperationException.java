package org.vdfs.api.operation;

/**
 * A failed call, carrying a stable error code (see {@link ErrorCodes}) and a
 * message a user can act on. Guests receive both as
 * {@code {"error": {"code": ..., "message": ...}}}.
 */
public class OperationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    public OperationException(String code, String message) {
        super(message);
        this.code = code;
    }

    public OperationException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}

package org.vdfs.api.ai;

/**
 * A provider or registry failure with a stable code, carried to callers as the
 * operation error code: {@code model_not_found}, {@code provider_unavailable}
 * (service down), {@code timeout}, {@code invalid_input}, {@code busy},
 * {@code integrity} (checksum mismatch), {@code internal}.
 */
public class AiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    public AiException(String code, String message) {
        super(message);
        this.code = code;
    }

    public AiException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}

package org.vdfs.api.store;

import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/**
 * A store call that failed, with a code from {@link ErrorCodes}: bad input or
 * something that does not exist is {@code invalid_payload}, a closed library
 * is {@code unavailable}, a database failure is {@code internal}.
 */
public class StoreException extends OperationException {

    private static final long serialVersionUID = 1L;

    public StoreException(String code, String message) {
        super(code, message);
    }

    public StoreException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}

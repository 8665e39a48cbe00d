package org.vdfs.api.extension;

/** A package that cannot be installed, or an extension that cannot start; the message names the problem. */
public class ExtensionException extends Exception {

    private static final long serialVersionUID = 1L;

    public ExtensionException(String message) {
        super(message);
    }

    public ExtensionException(String message, Throwable cause) {
        super(message, cause);
    }
}

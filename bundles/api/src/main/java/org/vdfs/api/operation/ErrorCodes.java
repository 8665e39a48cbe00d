package org.vdfs.api.operation;

/** The stable error codes of the ABI. Callers match on these, never on messages. */
public final class ErrorCodes {

    public static final String PERMISSION_DENIED = "permission_denied";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String UNKNOWN_METHOD = "unknown_method";
    public static final String INVALID_PAYLOAD = "invalid_payload";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String LIBRARY_REQUIRED = "library_required";
    public static final String OUT_OF_BOUNDS = "out_of_bounds";
    /** The guest trapped (unreachable, bad memory access, stack exhausted...). */
    public static final String GUEST_TRAP = "guest_trap";
    /** The call ran past its deadline and was interrupted. */
    public static final String DEADLINE_EXCEEDED = "deadline_exceeded";
    /** The extension is not running (stopped, failed, or being upgraded). */
    public static final String UNAVAILABLE = "unavailable";
    public static final String INTERNAL = "internal";

    private ErrorCodes() {
    }
}

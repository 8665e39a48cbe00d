package org.vdfs.api.job;

/**
 * How a run ended.
 *
 * @param kind    completed, interrupted (state checkpointed, resume later), or failed
 * @param message why it failed, or {@code null}
 */
public record JobOutcome(Kind kind, String message) {

    public enum Kind {
        COMPLETED, INTERRUPTED, FAILED
    }

    public static JobOutcome completed() {
        return new JobOutcome(Kind.COMPLETED, null);
    }

    public static JobOutcome interrupted() {
        return new JobOutcome(Kind.INTERRUPTED, null);
    }

    public static JobOutcome failed(String message) {
        return new JobOutcome(Kind.FAILED, message);
    }
}

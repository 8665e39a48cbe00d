package org.vdfs.api.job;

/**
 * How a run ended.
 *
 * @param kind    completed, interrupted (state checkpointed, resume later), failed, or retry
 * @param message why it failed or is retried, or {@code null}
 */
public record JobOutcome(Kind kind, String message) {

    public enum Kind {
        COMPLETED, INTERRUPTED, FAILED,
        /** The run was cut short (a task ran past its timeout): run the job again now, from its last checkpoint. */
        RETRY
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

    /**
     * Runs the job again at once, from its last checkpoint (or its parameters), with its
     * item and byte counters as they were at that checkpoint; a pause or cancel asked for
     * meanwhile still applies.
     *
     * @param why said in the log
     * @since 1.1
     */
    public static JobOutcome retry(String why) {
        return new JobOutcome(Kind.RETRY, why);
    }
}

package org.vdfs.api.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as the job manager keeps it.
 *
 * @param id           the job's id
 * @param type         the full job name, {@code <extension id>:<name>} (or {@code core:<name>})
 * @param libraryId    the library it works on, or {@code null}
 * @param status       where it is
 * @param progress     0..1
 * @param message      the last progress message
 * @param items        items counter
 * @param bytes        bytes counter
 * @param warnings     non-fatal problems, oldest first
 * @param parameters   the initial JSON state
 * @param checkpoint   the last checkpointed JSON state, or {@code null}
 * @param checkpointAt when it was stored, or {@code null}
 * @param createdAt    dispatched
 * @param startedAt    first started, or {@code null}
 * @param finishedAt   reached a final status, or {@code null}
 * @param error        why it failed (or was cancelled, or waits), or {@code null}
 */
public record JobRecord(UUID id, String type, UUID libraryId, JobStatus status, double progress, String message,
        long items, long bytes, List<String> warnings, String parameters, String checkpoint, Instant checkpointAt,
        Instant createdAt, Instant startedAt, Instant finishedAt, String error) {

    public JobRecord {
        warnings = List.copyOf(warnings);
    }

    /** The extension (or {@code core}) the job belongs to. */
    public String owner() {
        int colon = type.indexOf(':');
        return colon < 0 ? type : type.substring(0, colon);
    }
}

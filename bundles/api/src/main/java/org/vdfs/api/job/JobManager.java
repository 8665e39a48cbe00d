package org.vdfs.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Dispatches, runs and keeps jobs. Job types are contributed as {@link JobType}
 * services; a job whose type is not (yet) present waits in the queue.
 */
@ProviderType
public interface JobManager {

    /** Event Admin topic prefix: {@code org/vdfs/jobs/<STATUS>} and {@code org/vdfs/jobs/PROGRESS}. */
    String TOPIC_PREFIX = "org/vdfs/jobs/";

    /**
     * Queues a job.
     *
     * @param type       {@code <extension id>:<name>}
     * @param libraryId  the library, or {@code null}
     * @param parameters the initial state, or {@code null} for the job's default
     * @throws JobException when no such job type is known
     */
    JobRecord dispatch(String type, UUID libraryId, JsonNode parameters) throws JobException;

    Optional<JobRecord> get(UUID jobId);

    /**
     * Jobs, newest first.
     *
     * @param owner only this extension's (or {@code core}), or {@code null} for all
     */
    List<JobRecord> list(String owner, int limit);

    /** Asks a running job to checkpoint and stop; a queued job is paused at once. */
    JobRecord pause(UUID jobId) throws JobException;

    /** Queues a paused job again; it continues from its last checkpoint. */
    JobRecord resume(UUID jobId) throws JobException;

    /** Stops a job for good; its record is kept. */
    JobRecord cancel(UUID jobId) throws JobException;

    /** Blocks until the job reaches a final status or is paused, or the timeout passes. */
    JobRecord await(UUID jobId, Duration timeout) throws JobException, InterruptedException;

    /** Deletes records of jobs that ended before {@code before}; returns how many. */
    int prune(Instant before);
}

package org.vdfs.api.job;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of job, contributed as an OSGi service (whiteboard) with the
 * property {@link #NAME}. The WASM runtime registers one per {@code register_job};
 * Java bundles register their own (e.g. {@code core:index_location}).
 */
@ConsumerType
public interface JobType {

    /** Service property: the full name, {@code <extension id>:<name>}. */
    String NAME = "vdfs.job.name";
    /** Service property: {@code true} when the job can resume from a checkpoint. */
    String RESUMABLE = "vdfs.job.resumable";

    /**
     * Runs the job on the calling thread until it completes, fails, or stops
     * because {@link JobContext#interruptRequested()} said so.
     */
    JobOutcome run(JobContext context);
}

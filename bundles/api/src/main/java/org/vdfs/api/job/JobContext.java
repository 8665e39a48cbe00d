package org.vdfs.api.job;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.osgi.annotation.versioning.ProviderType;

/** What a running job sees of the job manager. Thread-safe. */
@ProviderType
public interface JobContext {

    UUID jobId();

    /** The library, or {@code null}. */
    UUID libraryId();

    /** The JSON state to start from: the last checkpoint on resume, else the parameters; {@code null} for the default. */
    String state();

    /** @param progress 0..1 */
    void progress(double progress, String message);

    /** Stores the state durably; when it returns true, a crash loses nothing before it. */
    boolean checkpoint(String state);

    /** True once the job should checkpoint and return (pause, cancel, shutdown, upgrade). */
    boolean interruptRequested();

    void warning(String message);

    void addItems(long n);

    void addBytes(long n);

    /**
     * Runs one task of the job (the seeds' {@code #[task(retries, timeout_ms)]}): a
     * failure or a time-out is retried up to {@code retries} more times, each
     * attempt logged as a job warning; if the last attempt fails too, the
     * exception says why and the job decides whether that fails it.
     *
     * @param name    names the task in warnings, e.g. "detect_faces IMG_0042.jpg"
     * @param timeout how long one attempt may run before it is interrupted
     */
    <T> T task(String name, int retries, Duration timeout, Callable<T> work) throws TaskFailedException;

    /**
     * Registers what to do when a job ignores {@link #interruptRequested()} past
     * the grace period: the WASM runtime interrupts the guest's thread.
     */
    void onHardStop(Runnable stop);
}

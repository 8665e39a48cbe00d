package org.vdfs.api.job;

import java.util.UUID;
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
     * Registers what to do when a job ignores {@link #interruptRequested()} past
     * the grace period: the WASM runtime interrupts the guest's thread.
     */
    void onHardStop(Runnable stop);
}

package org.vdfs.jobs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.vdfs.api.job.JobContext;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.job.TaskFailedException;

/**
 * One running job: the {@link JobContext} its code reports into, and the
 * live state (progress, counters) that the store only sees at checkpoints
 * and at the end — writing every item to disk would cost more than the work.
 */
final class Run implements JobContext {

    /** Why the job was asked to stop. */
    enum Stop {
        NONE, PAUSE, CANCEL, SHUTDOWN
    }

    /** What the manager does with a run's reports. */
    interface Reports {
        /** Stores a running job's record with a new checkpoint; true once durable. */
        boolean checkpoint(Run run, JobRecord withCheckpoint);

        void progressed(Run run);

        /** Where tasks run, so that a time-out can interrupt them without touching the job's thread. */
        ExecutorService tasks();
    }

    private static final int MAX_WARNINGS = 100;

    private final JobRecord start;
    private final Reports reports;
    private final AtomicLong items;
    private final AtomicLong bytes;
    private final List<String> warnings;
    private final List<Runnable> hardStops = new CopyOnWriteArrayList<>();
    private volatile double progress;
    private volatile String message;
    private volatile String checkpoint;
    private volatile Instant checkpointAt;
    /** The counters as the last checkpoint stored them: where a retried run starts counting again. */
    private volatile long checkpointItems;
    private volatile long checkpointBytes;
    private volatile Stop stop = Stop.NONE;
    volatile long lastEventNanos;
    /** When it first started; kept across resumes. */
    volatile Instant startedAt;

    Run(JobRecord start, Reports reports) {
        this.start = start;
        this.reports = reports;
        this.items = new AtomicLong(start.items());
        this.bytes = new AtomicLong(start.bytes());
        this.warnings = new CopyOnWriteArrayList<>(start.warnings());
        this.progress = start.progress();
        this.message = start.message();
        this.checkpoint = start.checkpoint();
        this.checkpointAt = start.checkpointAt();
        this.checkpointItems = start.items();
        this.checkpointBytes = start.bytes();
    }

    @Override
    public UUID jobId() {
        return start.id();
    }

    String type() {
        return start.type();
    }

    @Override
    public UUID libraryId() {
        return start.libraryId();
    }

    @Override
    public String state() {
        return checkpoint != null ? checkpoint : start.parameters();
    }

    @Override
    public void progress(double value, String text) {
        progress = Math.max(0, Math.min(1, value));
        message = text;
        reports.progressed(this);
    }

    @Override
    public boolean checkpoint(String state) {
        Instant at = Instant.now();
        // readers see a checkpoint only once it is durable
        JobRecord saved = snapshot(JobStatus.RUNNING, state, at);
        if (!reports.checkpoint(this, saved)) {
            return false;
        }
        checkpoint = state;
        checkpointAt = at;
        checkpointItems = saved.items();
        checkpointBytes = saved.bytes();
        return true;
    }

    @Override
    public boolean interruptRequested() {
        return stop != Stop.NONE;
    }

    @Override
    public void warning(String text) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(text);
        }
    }

    @Override
    public void addItems(long n) {
        items.addAndGet(n);
    }

    @Override
    public void addBytes(long n) {
        bytes.addAndGet(n);
    }

    @Override
    public void onHardStop(Runnable hardStop) {
        hardStops.add(hardStop);
    }

    @Override
    public <T> T task(String name, int retries, Duration timeout, Callable<T> work) throws TaskFailedException {
        Throwable last = null;
        for (int attempt = 0; attempt <= Math.max(0, retries); attempt++) {
            if (interruptRequested()) {
                throw new TaskFailedException("task " + name + " not run: the job is stopping", last);
            }
            Future<T> f = reports.tasks().submit(work);
            try {
                return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                last = e;
                warning("task " + name + " timed out after " + timeout.toMillis() + " ms (attempt " + (attempt + 1)
                        + " of " + (retries + 1) + ")");
            } catch (ExecutionException e) {
                last = e.getCause();
                warning("task " + name + " failed: " + e.getCause() + " (attempt " + (attempt + 1) + " of "
                        + (retries + 1) + ")");
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new TaskFailedException("task " + name + " interrupted", e);
            }
        }
        throw new TaskFailedException("task " + name + " failed " + (retries + 1) + " times; last: " + last, last);
    }

    void requestStop(Stop why) {
        if (stop == Stop.NONE || why == Stop.CANCEL) {
            stop = why;
        }
    }

    Stop stopRequested() {
        return stop;
    }

    void hardStop() {
        hardStops.forEach(Runnable::run);
    }

    /** The record as it stands now, in the given status. */
    JobRecord snapshot(JobStatus status, Instant startedAt, Instant finishedAt, String error) {
        return record(status, checkpoint, checkpointAt, startedAt, finishedAt, error);
    }

    /**
     * The record of a run that starts over from its last checkpoint: the counters go back to
     * what they were then, so the work redone is not counted twice.
     */
    JobRecord rewound(JobStatus status, Instant startedAt) {
        JobRecord now = snapshot(status, startedAt, null, null);
        return new JobRecord(now.id(), now.type(), now.libraryId(), status, now.progress(), now.message(),
                checkpointItems, checkpointBytes, now.warnings(), now.parameters(), now.checkpoint(),
                now.checkpointAt(), now.createdAt(), now.startedAt(), null, null);
    }

    private JobRecord snapshot(JobStatus status, String state, Instant at) {
        return record(status, state, at, startedAt, null, null);
    }

    private JobRecord record(JobStatus status, String state, Instant at, Instant started, Instant finishedAt,
            String error) {
        return new JobRecord(start.id(), start.type(), start.libraryId(), status, progress, message, items.get(),
                bytes.get(), new ArrayList<>(warnings), start.parameters(), state, at, start.createdAt(), started,
                finishedAt, error);
    }
}

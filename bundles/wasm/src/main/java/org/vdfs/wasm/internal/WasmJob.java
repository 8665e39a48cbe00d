package org.vdfs.wasm.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.vdfs.api.job.JobContext;
import org.vdfs.api.operation.OperationException;

/**
 * One run of a guest job: what the {@code job_*} host functions report into,
 * relayed to the job manager's {@link JobContext}. The runtime can also ask
 * it to stop on its own (the extension is stopping or being upgraded).
 *
 * <p>It also enforces the timeouts of the job's tasks ({@code job_task_start} /
 * {@code job_task_end}): a guest has no clock and cannot be preempted, so when an
 * attempt runs past its timeout the guest is interrupted, like a job that ignores a
 * pause. An interrupted instance cannot go on, so the attempt is retried by running
 * the job again from its last checkpoint; {@link Retry} tells that run which task
 * start is the retried one. Task starts are counted from the last checkpoint: a job
 * that replays deterministically from a checkpoint reaches the same task at the same
 * count.
 */
final class WasmJob implements ActiveJobs.JobSink {

    /** A task that ran past its timeout, to be tried again as the {@code index}-th task start after the checkpoint. */
    record Retry(String name, int index, int attempt) {
    }

    /** An attempt that is running, under its timeout. */
    record Attempt(String name, int index, int attempt, int retries, long timeoutMs, Future<?> timer) {
    }

    private final JobContext context;
    private final BiFunction<Long, Runnable, Future<?>> scheduler;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Runnable hardStop = () -> { };
    /** Attempts that started and have not ended; a task may run tasks of its own. Guarded by this. */
    private final Deque<Attempt> attempts = new ArrayDeque<>();
    private Retry retry;
    private int startsSinceCheckpoint;
    /** The index of the attempt that ended last: a guest's retry (attempt > 0) is of that task. */
    private int lastEndedIndex;
    private Attempt timedOut;

    /**
     * @param scheduler runs an action after a delay in ms; cancelling its future disarms it
     * @param retry     the task the previous run of this job stopped for running past its timeout, or null
     */
    WasmJob(JobContext context, BiFunction<Long, Runnable, Future<?>> scheduler, Retry retry) {
        this.context = context;
        this.scheduler = scheduler;
        this.retry = retry;
    }

    JobContext context() {
        return context;
    }

    void hardStop(Runnable stop) {
        hardStop = stop;
        context.onHardStop(stop);
    }

    /** Asks the guest to checkpoint and return; past {@code graceMs} interrupts it. */
    void stop(long graceMs) throws InterruptedException {
        stopRequested = true;
        if (!ended.await(graceMs, TimeUnit.MILLISECONDS)) {
            hardStop.run();
            ended.await(graceMs, TimeUnit.MILLISECONDS);
        }
    }

    void ended() {
        ended.countDown();
    }

    @Override
    public void progress(float progress, String message) {
        context.progress(progress, message);
    }

    /**
     * Whether a task ran past its timeout; if so the guest is interrupted again. The first
     * interrupt can be swallowed by a host call it hit (an HTTP request, a lock wait), and a
     * guest that goes on after its deadline must not report or store anything more.
     */
    private boolean stoppedLate() {
        boolean late;
        synchronized (this) {
            late = timedOut != null;
        }
        if (late) {
            hardStop.run();
        }
        return late;
    }

    @Override
    public boolean checkpoint(byte[] state) {
        if (stoppedLate()) {
            return false;
        }
        try {
            Json.parse(state, "the checkpoint state"); // stored state must be JSON a resumed run can read
        } catch (OperationException e) {
            context.warning("checkpoint refused: " + e.getMessage());
            return false;
        }
        if (!context.checkpoint(new String(state, StandardCharsets.UTF_8))) {
            return false;
        }
        synchronized (this) {
            startsSinceCheckpoint = 0;
        }
        return true;
    }

    @Override
    public int taskStart(String name, int attempt, int retries, long timeoutMs) {
        if (stoppedLate()) {
            return -1;
        }
        Attempt started;
        synchronized (this) {
            int index;
            if (attempt == 0) {
                index = ++startsSinceCheckpoint;
                if (retry != null && retry.name().equals(name) && retry.index() == index) {
                    attempt = retry.attempt(); // the task that timed out in the previous run
                    retry = null;
                }
            } else {
                index = lastEndedIndex; // the guest retries the task whose attempt just ended
            }
            started = new Attempt(name, index, attempt, retries, timeoutMs, null);
            if (timeoutMs > 0) {
                Attempt timed = started;
                started = new Attempt(name, index, attempt, retries, timeoutMs,
                        scheduler.apply(timeoutMs, () -> expire(timed)));
            }
            attempts.push(started);
        }
        return attempt;
    }

    @Override
    public void taskEnd() {
        if (stoppedLate()) {
            return;
        }
        synchronized (this) {
            Attempt a = attempts.poll();
            if (a != null) {
                lastEndedIndex = a.index();
                if (a.timer() != null) {
                    a.timer().cancel(false);
                }
            }
        }
    }

    /** The timer of an attempt fired: unless it ended meanwhile, the guest is stopped. */
    private void expire(Attempt timed) {
        synchronized (this) {
            boolean running = attempts.stream().anyMatch(a -> a.name().equals(timed.name()) && a.index() == timed.index()
                    && a.attempt() == timed.attempt());
            if (!running || timedOut != null) {
                return;
            }
            timedOut = timed;
        }
        hardStop.run();
    }

    /** The attempt that ran past its timeout and stopped the guest, or null. */
    synchronized Attempt timedOut() {
        return timedOut;
    }

    /** Disarms what is still armed once the guest returned or was stopped. */
    synchronized void disarmTasks() {
        for (Attempt a : attempts) {
            if (a.timer() != null) {
                a.timer().cancel(false);
            }
        }
        attempts.clear();
    }

    @Override
    public boolean interruptRequested() {
        return stopRequested || stoppedLate() || context.interruptRequested();
    }

    @Override
    public void warning(String message) {
        context.warning(message);
    }

    @Override
    public void addItems(long n) {
        context.addItems(n);
    }

    @Override
    public void addBytes(long n) {
        context.addBytes(n);
    }
}

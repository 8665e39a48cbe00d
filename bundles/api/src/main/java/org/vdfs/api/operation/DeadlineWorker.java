package org.vdfs.api.operation;

import java.util.OptionalLong;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A thread that runs calls under a deadline, at which the call is interrupted:
 * the WASM runtime's guest threads, or a caller's own thread while the runtime
 * runs a guest's call on it (see {@link #runOnCurrentThread}).
 *
 * <p>Operations that hand slow work to a worker of their own only so that their
 * caller can give up at a deadline (the AI registry's model calls) may run it
 * right on such a thread instead, saving a thread hand-off; they still bound how
 * many run at once and still stop waiting at a deadline of their own if it comes
 * first.
 */
@ProviderType
public interface DeadlineWorker {

    /**
     * The deadline of the call the current thread runs, in {@link System#nanoTime()}
     * terms; empty if the current thread is no deadline worker or its call has no
     * deadline (a job, stopped only on request).
     */
    static OptionalLong currentDeadline() {
        if (Thread.currentThread() instanceof DeadlineWorker w) {
            return w.deadlineNanos();
        }
        DeadlineWorker onCaller = CallerThreadWorkers.CURRENT.get();
        return onCaller == null ? OptionalLong.empty() : onCaller.deadlineNanos();
    }

    /**
     * Makes the current thread act as {@code worker} (null: as no deadline worker) until
     * the next call, for a runtime that runs a call on its caller's thread and interrupts
     * that thread at the deadline.
     *
     * @return the worker the thread acted as before, to be restored when the call ends
     */
    static DeadlineWorker runOnCurrentThread(DeadlineWorker worker) {
        DeadlineWorker before = CallerThreadWorkers.CURRENT.get();
        if (worker == null) {
            CallerThreadWorkers.CURRENT.remove();
        } else {
            CallerThreadWorkers.CURRENT.set(worker);
        }
        return before;
    }

    /** The deadline of the call this thread runs now ({@link System#nanoTime()}), empty if it has none. */
    OptionalLong deadlineNanos();
}

/** Which deadline worker a caller's thread acts as while a call runs on it. */
final class CallerThreadWorkers {
    static final ThreadLocal<DeadlineWorker> CURRENT = new ThreadLocal<>();

    private CallerThreadWorkers() {
    }
}

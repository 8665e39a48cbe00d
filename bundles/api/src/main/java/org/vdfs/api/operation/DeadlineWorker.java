package org.vdfs.api.operation;

import java.util.OptionalLong;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A thread that runs calls for a caller who stops waiting at the call's deadline
 * and then interrupts the thread: the WASM runtime's guest threads. A call that
 * hangs on such a thread holds that thread, never its caller.
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
        return Thread.currentThread() instanceof DeadlineWorker w ? w.deadlineNanos() : OptionalLong.empty();
    }

    /** The deadline of the call this thread runs now ({@link System#nanoTime()}), empty if it has none. */
    OptionalLong deadlineNanos();
}

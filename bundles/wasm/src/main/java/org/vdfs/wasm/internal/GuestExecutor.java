package org.vdfs.wasm.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.vdfs.api.operation.DeadlineWorker;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/**
 * Runs guest code on threads of its own, under a deadline. Own threads because
 * a runaway guest is stopped with {@link Thread#interrupt()}, which must never
 * hit a framework or caller thread; and because their large stacks let deep
 * (but finite) guest recursion run while unbounded recursion still ends in a
 * clean trap. A guest calling the host which calls another guest stays on the
 * same thread: no hand-off, no pool to exhaust.
 */
final class GuestExecutor implements AutoCloseable {

    /** Time a caller waits past the deadline for an interrupted guest to unwind. */
    private static final long GRACE_MS = 2_000;
    private static final long STACK_BYTES = 16L << 20;

    /** A unit of guest work; may throw an error result of its own. */
    interface GuestTask<T> {
        T run() throws OperationException;
    }

    /** No deadline: a job, stopped on request, or anything a job calls on its thread. */
    private static final long NONE = Long.MAX_VALUE;
    /** A guest thread between calls. */
    private static final long IDLE = Long.MIN_VALUE;

    /**
     * Tells operations the deadline of the call it runs: whoever called waits no longer and
     * then interrupts it, so an operation may run its slow work right here (no hand-off).
     */
    private static final class GuestThread extends Thread implements DeadlineWorker {
        /** {@link System#nanoTime()} of the current call's deadline, {@link #NONE} or {@link #IDLE}; only this thread writes it. */
        private long deadline = IDLE;

        GuestThread(Runnable r, String name) {
            super(null, r, name, STACK_BYTES);
            setDaemon(true);
        }

        @Override
        public OptionalLong deadlineNanos() {
            return deadline == NONE || deadline == IDLE ? OptionalLong.empty() : OptionalLong.of(deadline);
        }
    }

    /** Interrupts one thread once, unless disarmed first; the lock closes the race between the two. */
    private static final class Alarm implements Runnable {
        private final Thread target;
        private boolean armed = true;
        private boolean fired;

        Alarm(Thread target) {
            this.target = target;
        }

        @Override
        public synchronized void run() {
            if (armed) {
                fired = true;
                target.interrupt();
            }
        }

        /** @return whether it fired; if so the interrupt it caused is cleared */
        synchronized boolean disarm() {
            armed = false;
            if (fired) {
                Thread.interrupted();
            }
            return fired;
        }
    }

    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(
            r -> new GuestThread(r, "vdfs-guest-" + threadNumber.incrementAndGet()));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vdfs-guest-watchdog");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code task} on a guest thread and waits for it; past the deadline the guest is interrupted.
     *
     * @param what names the call in error messages, e.g. "plugin_init of `photos`"
     */
    <T> T call(String what, Duration deadline, GuestTask<T> task) throws OperationException {
        String stopped = what + " ran past its deadline of " + deadline.toMillis() + " ms and was stopped";
        return hand(what, deadline.toMillis() + GRACE_MS, () -> guarded(what, stopped, deadline.toNanos(), alarm -> {
            ScheduledFuture<?> timer = watchdog.schedule(alarm, deadline.toNanos(), TimeUnit.NANOSECONDS);
            return () -> timer.cancel(false);
        }, task));
    }

    /**
     * Runs {@code task} on a guest thread with no deadline (a job): {@code stopHook} receives what
     * interrupts the guest, for whoever decides it has run long enough.
     */
    <T> T callUntilStopped(String what, Consumer<Runnable> stopHook, GuestTask<T> task) throws OperationException {
        return hand(what, Long.MAX_VALUE, () -> guarded(what, what + " was stopped", NONE, alarm -> {
            stopHook.accept(alarm);
            return () -> { };
        }, task));
    }

    /** Runs {@code action} on the watchdog after {@code delayMs} (a task's timeout); cancel the result to disarm it. */
    ScheduledFuture<?> after(long delayMs, Runnable action) {
        return watchdog.schedule(action, delayMs, TimeUnit.MILLISECONDS);
    }

    private <T> T hand(String what, long waitMs, Callable<T> guardedTask) throws OperationException {
        if (Thread.currentThread() instanceof GuestThread) {
            try {
                return guardedTask.call();
            } catch (OperationException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new OperationException(ErrorCodes.INTERNAL, what + " failed: " + e, e);
            }
        }
        Future<T> future = threads.submit(guardedTask);
        try {
            return future.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OperationException) {
                throw (OperationException) cause;
            }
            throw new OperationException(ErrorCodes.INTERNAL, what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OperationException(ErrorCodes.DEADLINE_EXCEEDED, what
                    + " ran past its deadline and did not stop when interrupted (blocked in a host call?)");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new OperationException(ErrorCodes.UNAVAILABLE, what + " was abandoned: the caller was interrupted");
        }
    }

    /** Arms an alarm; returns what disarms its trigger. */
    private interface Arming {
        Runnable arm(Alarm alarm);
    }

    /** @param timeoutNanos when the alarm fires, from now; {@link #NONE} for a job */
    private <T> T guarded(String what, String stoppedMessage, long timeoutNanos, Arming arming, GuestTask<T> task)
            throws OperationException {
        GuestThread thread = (GuestThread) Thread.currentThread(); // hand() runs nothing elsewhere
        long outer = thread.deadline;
        if (outer == IDLE) {
            thread.deadline = timeoutNanos == NONE ? NONE : System.nanoTime() + timeoutNanos;
        } else if (outer != NONE && timeoutNanos != NONE) {
            // Nested (guest -> host -> guest): it ends at the earlier deadline. Inside a job nothing
            // has one, since the job's runner waits for it; a job inside a call keeps the call's.
            long own = System.nanoTime() + timeoutNanos;
            thread.deadline = own - outer < 0 ? own : outer;
        }
        Alarm alarm = new Alarm(thread);
        Runnable disarmTrigger = arming.arm(alarm);
        boolean fired = false;
        try {
            return task.run();
        } catch (ChicoryInterruptedException e) {
            fired = alarm.disarm();
            throw fired ? new OperationException(ErrorCodes.DEADLINE_EXCEEDED, stoppedMessage)
                    : new OperationException(ErrorCodes.UNAVAILABLE, what + " was interrupted");
        } catch (StackOverflowError e) {
            throw new GuestTrap(what + " trapped: call stack exhausted (unbounded recursion?)");
        } catch (ChicoryException e) {
            throw new GuestTrap(what + " trapped: " + e.getMessage());
        } finally {
            disarmTrigger.run();
            if (!fired) {
                alarm.disarm();
            }
            thread.deadline = outer;
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        threads.shutdownNow();
    }

    /** A guest trap or deadline: the instance that ran it may be in any state and must not be reused. */
    static final class GuestTrap extends OperationException {
        private static final long serialVersionUID = 1L;

        GuestTrap(String message) {
            super(ErrorCodes.GUEST_TRAP, message);
        }
    }

    /** Whether an error means the instance that produced it is poisoned. */
    static boolean poisons(OperationException e) {
        return e instanceof GuestTrap || ErrorCodes.DEADLINE_EXCEEDED.equals(e.code())
                || ErrorCodes.UNAVAILABLE.equals(e.code());
    }
}

package org.vdfs.wasm.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.vdfs.api.operation.DeadlineWorker;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/**
 * Runs guest code under a deadline, at which the guest is interrupted.
 *
 * <p>By default on threads of its own: a runaway guest is stopped with
 * {@link Thread#interrupt()}, which then never hits a framework or caller thread;
 * a guest stuck in a host call that ignores interrupts holds that thread, not its
 * caller, who stops waiting at the deadline; and their large stacks let deep (but
 * finite) guest recursion run while unbounded recursion still ends in a clean trap.
 *
 * <p>{@link #callOnCaller} runs a call on its caller's thread instead, for
 * operation calls when the runtime is so configured: no thread hand-off there and
 * back, which on a call of a few milliseconds is most of the cost of going through
 * WASM. The caller's thread is then interrupted at the deadline (the interrupt is
 * cleared before it returns), waits for a host call that ignores the interrupt,
 * and lends its own stack to the guest's recursion.
 *
 * <p>A guest calling the host which calls another guest stays on the same thread:
 * no hand-off, no pool to exhaust.
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
        /** Only this thread touches it. */
        final Slot slot = new Slot();

        GuestThread(Runnable r, String name) {
            super(null, r, name, STACK_BYTES);
            setDaemon(true);
        }

        @Override
        public OptionalLong deadlineNanos() {
            return slot.deadlineNanos();
        }
    }

    /**
     * Where a thread keeps the deadline of the call it runs: a guest thread's own, or a caller's
     * thread's while a call runs on it.
     */
    private static final class Slot implements DeadlineWorker {
        /** {@link System#nanoTime()} of the current call's deadline, {@link #NONE} or {@link #IDLE}. */
        long deadline = IDLE;

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

    /** Set only while a call runs on its caller's thread: no value outlives it (nor pins this bundle's classes). */
    private final ThreadLocal<Slot> callerSlots = new ThreadLocal<>();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(
            r -> new GuestThread(r, "vdfs-guest-" + threadNumber.incrementAndGet()));
    private final DeadlineWatch deadlines = new DeadlineWatch();
    /** Task timeouts of jobs ({@link #after}): rare, so a plain timer. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vdfs-guest-timer");
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
        return hand(what, deadline.toMillis() + GRACE_MS, () -> guarded(what, stopped, deadline.toNanos(), slot(), alarm ->
                deadlines.arm(alarm, System.nanoTime() + deadline.toNanos()), task));
    }

    /**
     * Runs {@code task} on the calling thread, as {@link #call} would on a guest thread: past the
     * deadline the calling thread is interrupted, and the interrupt is cleared before this returns.
     * A caller that is already interrupted gets {@code unavailable} and nothing runs.
     */
    <T> T callOnCaller(String what, Duration deadline, GuestTask<T> task) throws OperationException {
        Thread current = Thread.currentThread();
        if (current instanceof GuestThread) {
            return call(what, deadline, task);
        }
        if (current.isInterrupted()) { // its interrupt stays: it is the caller's
            throw new OperationException(ErrorCodes.UNAVAILABLE, what + " was abandoned: the caller was interrupted");
        }
        String stopped = what + " ran past its deadline of " + deadline.toMillis() + " ms and was stopped";
        Slot slot = callerSlots.get();
        boolean outermost = slot == null;
        if (outermost) {
            slot = new Slot();
            callerSlots.set(slot);
        }
        DeadlineWorker before = DeadlineWorker.runOnCurrentThread(slot);
        try {
            return guarded(what, stopped, deadline.toNanos(), slot,
                    alarm -> deadlines.arm(alarm, System.nanoTime() + deadline.toNanos()), task);
        } finally {
            DeadlineWorker.runOnCurrentThread(before);
            if (outermost) {
                callerSlots.remove();
            }
        }
    }

    /**
     * Runs {@code task} on a guest thread with no deadline (a job): {@code stopHook} receives what
     * interrupts the guest, for whoever decides it has run long enough.
     */
    <T> T callUntilStopped(String what, Consumer<Runnable> stopHook, GuestTask<T> task) throws OperationException {
        return hand(what, Long.MAX_VALUE, () -> guarded(what, what + " was stopped", NONE, slot(), alarm -> {
            stopHook.accept(alarm);
            return () -> { };
        }, task));
    }

    /** Runs {@code action} on the watchdog after {@code delayMs} (a task's timeout); cancel the result to disarm it. */
    ScheduledFuture<?> after(long delayMs, Runnable action) {
        return watchdog.schedule(action, delayMs, TimeUnit.MILLISECONDS);
    }

    private <T> T hand(String what, long waitMs, Callable<T> guardedTask) throws OperationException {
        if (Thread.currentThread() instanceof GuestThread || callerSlots.get() != null) {
            // already running guest code (a guest called the host, which calls a guest): stay here
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

    /** Where the current thread keeps the deadline of the call it runs: a guest thread's own field, or its slot. */
    private Slot slot() {
        return Thread.currentThread() instanceof GuestThread g ? g.slot : callerSlots.get(); // set: hand() ran it here
    }

    /** @param timeoutNanos when the alarm fires, from now; {@link #NONE} for a job */
    private <T> T guarded(String what, String stoppedMessage, long timeoutNanos, Slot slot, Arming arming,
            GuestTask<T> task) throws OperationException {
        long outer = slot.deadline;
        long mine = outer;
        if (outer == IDLE) {
            mine = timeoutNanos == NONE ? NONE : System.nanoTime() + timeoutNanos;
        } else if (outer != NONE && timeoutNanos != NONE) {
            // Nested (guest -> host -> guest): it ends at the earlier deadline. Inside a job nothing
            // has one, since the job's runner waits for it; a job inside a call keeps the call's.
            long own = System.nanoTime() + timeoutNanos;
            mine = own - outer < 0 ? own : outer;
        }
        slot.deadline = mine;
        boolean onCaller = !(Thread.currentThread() instanceof GuestThread);
        Alarm alarm = new Alarm(Thread.currentThread());
        Runnable disarmTrigger = arming.arm(alarm);
        boolean fired = false;
        try {
            return task.run();
        } catch (ChicoryInterruptedException e) {
            fired = alarm.disarm();
            if (!fired && onCaller) {
                Thread.currentThread().interrupt(); // the caller's own interrupt: it stays the caller's
            }
            throw fired ? new OperationException(ErrorCodes.DEADLINE_EXCEEDED, stoppedMessage)
                    : new OperationException(ErrorCodes.UNAVAILABLE, what + " was interrupted");
        } catch (StackOverflowError e) {
            throw new GuestTrap(what + " trapped: call stack exhausted (unbounded recursion?"
                    + (onCaller ? " It ran on its caller's thread, whose stack may be smaller than the guest threads' "
                    + (STACK_BYTES >> 20) + " MiB: org.vdfs.wasm calls.on.caller.thread=false runs every call on those)"
                    : ")"));
        } catch (ChicoryException e) {
            throw new GuestTrap(what + " trapped: " + e.getMessage());
        } finally {
            disarmTrigger.run();
            if (!fired) {
                alarm.disarm();
            }
            slot.deadline = outer;
        }
    }

    @Override
    public void close() {
        deadlines.close();
        watchdog.shutdownNow();
        threads.shutdownNow();
    }

    /**
     * Fires the alarms of calls past their deadline, at most {@link #TICK_NANOS} late: one thread
     * that looks every tick while calls run and sleeps when none has for a second. A timer task
     * scheduled and cancelled per call instead woke the timer thread on every call, a cross-thread
     * wake-up on the path of a call of a few milliseconds.
     */
    private static final class DeadlineWatch {
        private static final long TICK_NANOS = 5_000_000;
        private static final long IDLE_NANOS = 1_000_000_000L;

        private static final class Armed {
            final Runnable alarm;
            final long deadline;

            Armed(Runnable alarm, long deadline) {
                this.alarm = alarm;
                this.deadline = deadline;
            }
        }

        private final Set<Armed> armed = ConcurrentHashMap.newKeySet();
        private final Thread thread;
        private volatile boolean sleeping;
        private volatile boolean closed;
        private volatile long lastArmed = System.nanoTime();

        DeadlineWatch() {
            thread = new Thread(this::watch, "vdfs-guest-watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        /** @return what disarms it */
        Runnable arm(Runnable alarm, long deadlineNanos) {
            Armed a = new Armed(alarm, deadlineNanos);
            armed.add(a);
            lastArmed = System.nanoTime();
            if (sleeping) { // read after the add: either the watch sees the alarm, or it is woken here
                LockSupport.unpark(thread);
            }
            return () -> armed.remove(a);
        }

        private void watch() {
            while (!closed) {
                long now = System.nanoTime();
                for (Armed a : armed) {
                    if (now - a.deadline >= 0 && armed.remove(a)) {
                        a.alarm.run();
                    }
                }
                if (armed.isEmpty() && now - lastArmed > IDLE_NANOS) {
                    sleeping = true;
                    if (armed.isEmpty() && !closed) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                } else {
                    LockSupport.parkNanos(this, TICK_NANOS);
                }
            }
        }

        void close() {
            closed = true;
            LockSupport.unpark(thread);
        }
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

package org.vdfs.ai.internal.ops;

import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.operation.DeadlineWorker;

/**
 * Bounds the model calls running at once and gives each a deadline. A call
 * runs on a worker so the caller can stop waiting at its deadline; its slot is
 * freed only when the provider really returns, so a hung provider keeps
 * counting against the bound instead of letting more calls pile onto it.
 *
 * <p>A caller on a {@link DeadlineWorker} thread (a WASM guest) runs the call
 * itself: its own caller already stops waiting at a deadline and interrupts it,
 * so a hung provider holds that thread and its slot, never the host, and the
 * hand-off to a worker (and back) is saved. The registry's deadline still
 * applies: when it comes before the worker's, an alarm interrupts the call then.
 */
final class CallLimiter {

    private final Semaphore slots;
    private final int size;
    private final long busyWaitMs;
    private final long deadlineMs;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor alarms;

    CallLimiter(int maxConcurrent, long busyWaitMs, long deadlineMs) {
        this.size = Math.max(1, maxConcurrent);
        this.slots = new Semaphore(size, true);
        this.busyWaitMs = Math.max(0, busyWaitMs);
        this.deadlineMs = Math.max(1, deadlineMs);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vdfs-ai-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.alarms = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "vdfs-ai-deadline");
            t.setDaemon(true);
            return t;
        });
        alarms.setRemoveOnCancelPolicy(true); // a call ends long before its alarm: do not keep the dead ones queued
    }

    <T> T run(String what, Callable<T> call) throws AiException {
        try {
            if (!slots.tryAcquire(busyWaitMs, TimeUnit.MILLISECONDS)) {
                throw new AiException("busy", size + " model calls are running already; try " + what + " again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiException("timeout", "interrupted while waiting to run " + what);
        }
        OptionalLong workerDeadline = DeadlineWorker.currentDeadline();
        if (workerDeadline.isPresent()) {
            return runHere(what, call, workerDeadline.getAsLong());
        }
        Future<T> future;
        try {
            future = workers.submit(() -> {
                try {
                    return call.call();
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            slots.release();
            throw new AiException("provider_unavailable", "the AI registry is stopping");
        }
        try {
            return future.get(deadlineMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(what);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new AiException("timeout", what + " was interrupted (the caller's deadline passed)");
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        }
    }

    /** Runs the call on this deadline worker, with an alarm of our own only if our deadline is the earlier one. */
    private <T> T runHere(String what, Callable<T> call, long workerDeadline) throws AiException {
        long ours = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        Alarm alarm = null;
        ScheduledFuture<?> timer = null;
        try {
            if (ours - workerDeadline < 0) {
                alarm = new Alarm(Thread.currentThread());
                try {
                    timer = alarms.schedule(alarm, deadlineMs, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    throw new AiException("provider_unavailable", "the AI registry is stopping");
                }
            }
            T result = call.call();
            if (alarm != null && alarm.disarm()) {
                throw timeout(what); // it came back, but past its deadline
            }
            return result;
        } catch (Exception e) {
            if (alarm != null && alarm.disarm()) {
                throw timeout(what);
            }
            if (e instanceof InterruptedException) { // the worker's own deadline: leave it to end the guest
                Thread.currentThread().interrupt();
                throw new AiException("timeout", what + " was interrupted (the caller's deadline passed)");
            }
            throw failure(what, e);
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            if (alarm != null) {
                alarm.disarm();
            }
            slots.release();
        }
    }

    private AiException timeout(String what) {
        return new AiException("timeout", what + " did not finish within its deadline of " + deadlineMs + " ms");
    }

    private static AiException failure(String what, Throwable cause) {
        if (cause instanceof AiException ai) {
            return ai;
        }
        return new AiException("internal", what + " failed: " + cause, cause);
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
            if (armed && !fired) {
                fired = true;
                target.interrupt();
            }
        }

        /**
         * @return whether it fired; if so, the interrupt it caused is cleared, once (the caller reports
         *         a timeout, and a later interrupt from anyone else must stand)
         */
        synchronized boolean disarm() {
            if (armed && fired) {
                Thread.interrupted();
            }
            armed = false;
            return fired;
        }
    }

    void close() {
        workers.shutdownNow();
        alarms.shutdownNow();
    }
}

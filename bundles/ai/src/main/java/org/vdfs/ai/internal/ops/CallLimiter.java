package org.vdfs.ai.internal.ops;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.vdfs.api.ai.AiException;

/**
 * Bounds the model calls running at once and gives each a deadline. A call
 * runs on a worker so the caller can stop waiting at its deadline; its slot is
 * freed only when the provider really returns, so a hung provider keeps
 * counting against the bound instead of letting more calls pile onto it.
 */
final class CallLimiter {

    private final Semaphore slots;
    private final int size;
    private final long busyWaitMs;
    private final long deadlineMs;
    private final ExecutorService workers;

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
            throw new AiException("timeout", what + " did not finish within its deadline of " + deadlineMs + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new AiException("timeout", what + " was interrupted (the caller's deadline passed)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AiException ai) {
                throw ai;
            }
            throw new AiException("internal", what + " failed: " + cause, cause);
        }
    }

    void close() {
        workers.shutdownNow();
    }
}

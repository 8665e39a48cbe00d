package org.vdfs.ai.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import java.util.concurrent.atomic.AtomicReference;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.operation.DeadlineWorker;

class CallLimiterTest {

    @Test
    void aFullLimiterAnswersBusyAndAHungCallKeepsItsSlotUntilItReturns() throws Exception {
        CallLimiter limiter = new CallLimiter(1, 50, 200);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            // Past its deadline the caller gets `timeout`, but the provider is still busy.
            AiException timeout = assertThrows(AiException.class, () -> limiter.run("hung call", () -> {
                started.countDown();
                while (release.getCount() > 0) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        // ignored, as a provider blocked in native code would
                    }
                }
                return "late";
            }));
            assertEquals("timeout", timeout.code());
            assertTrue(started.await(5, TimeUnit.SECONDS));
            AiException busy = assertThrows(AiException.class, () -> limiter.run("second call", () -> "x"));
            assertEquals("busy", busy.code());
            release.countDown();
            // Once the hung call returns, its slot is free again.
            String result = null;
            for (int i = 0; i < 100 && result == null; i++) {
                try {
                    result = limiter.run("third call", () -> "ok");
                } catch (AiException e) {
                    assertEquals("busy", e.code());
                }
            }
            assertEquals("ok", result);
        } finally {
            release.countDown();
            limiter.close();
        }
    }

    @Test
    void providerErrorsKeepTheirCode() {
        CallLimiter limiter = new CallLimiter(2, 50, 5000);
        try {
            AiException e = assertThrows(AiException.class, () -> limiter.run("call", () -> {
                throw new AiException("model_not_found", "no such model");
            }));
            assertEquals("model_not_found", e.code());
            AiException crash = assertThrows(AiException.class, () -> limiter.run("call", () -> {
                throw new IllegalStateException("bug");
            }));
            assertEquals("internal", crash.code());
            assertEquals("fine", CompletableFuture.supplyAsync(() -> {
                try {
                    return limiter.run("call", () -> "fine");
                } catch (AiException ex) {
                    return ex.code();
                }
            }).join());
        } finally {
            limiter.close();
        }
    }

    /** A guest thread as the WASM runtime makes them: its caller's deadline, or none (a job). */
    private static final class Worker extends Thread implements DeadlineWorker {
        private final OptionalLong deadline;
        private final AtomicReference<Object> outcome = new AtomicReference<>();

        Worker(OptionalLong deadline, Callable<Object> body) {
            super(null, null, "worker", 0);
            this.deadline = deadline;
            this.body = body;
        }

        private final Callable<Object> body;

        @Override
        public void run() {
            try {
                outcome.set(body.call());
            } catch (Exception e) {
                outcome.set(e);
            }
        }

        @Override
        public OptionalLong deadlineNanos() {
            return deadline;
        }

        Object outcome() throws InterruptedException {
            join(30_000);
            return outcome.get();
        }
    }

    @Test
    void aDeadlineWorkerRunsTheCallItselfAndStillGetsTheRegistrysEarlierDeadline() throws Exception {
        CallLimiter limiter = new CallLimiter(1, 50, 200);
        try {
            long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Worker w = new Worker(OptionalLong.of(later), () -> {
                Thread caller = Thread.currentThread();
                Object ranOn = limiter.run("call", Thread::currentThread);
                AiException timeout = assertThrows(AiException.class, () -> limiter.run("slow call", () -> {
                    Thread.sleep(30_000); // interrupted by the registry's deadline of 200 ms
                    return "late";
                }));
                // The deadline's interrupt is the registry's own: cleared, the guest goes on.
                return ranOn == caller && !Thread.currentThread().isInterrupted() ? timeout.code() : "ran elsewhere";
            });
            w.start();
            assertEquals("timeout", w.outcome());
            assertEquals("ok", limiter.run("next call", () -> "ok")); // the slot was given back
        } finally {
            limiter.close();
        }
    }

    @Test
    void aWorkerWithoutDeadlineHandsTheCallOff() throws Exception {
        CallLimiter limiter = new CallLimiter(1, 50, 5000);
        try {
            Worker w = new Worker(OptionalLong.empty(), () -> {
                Thread caller = Thread.currentThread();
                return limiter.run("call", Thread::currentThread) == caller ? "ran here" : "handed off";
            });
            w.start();
            assertEquals("handed off", w.outcome());
        } finally {
            limiter.close();
        }
    }

    @Test
    void whenTheWorkersDeadlineComesFirstItsInterruptStands() throws Exception {
        CallLimiter limiter = new CallLimiter(1, 50, 60_000);
        try {
            long soon = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            Worker w = new Worker(OptionalLong.of(soon), () -> {
                AiException e = assertThrows(AiException.class, () -> limiter.run("slow call", () -> {
                    Thread.sleep(30_000);
                    return "late";
                }));
                return e.code() + (Thread.currentThread().isInterrupted() ? ", still interrupted" : "");
            });
            w.start();
            Thread.sleep(100);
            w.interrupt(); // what the runtime does at the worker's deadline
            assertEquals("timeout, still interrupted", w.outcome());
        } finally {
            limiter.close();
        }
    }
}

package org.vdfs.ai.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vdfs.api.ai.AiException;

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
}

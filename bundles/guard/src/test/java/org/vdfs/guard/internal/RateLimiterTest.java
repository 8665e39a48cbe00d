package org.vdfs.guard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** How many calls at {@code now} get through. */
    private static int drain(RateLimiter limiter, long now) {
        int n = 0;
        while (limiter.tryAcquire(now)) {
            n++;
            if (n > 100_000) {
                throw new AssertionError("the limiter never refuses");
            }
        }
        return n;
    }

    @Test
    void fullBurstIsAllowedThenRefused() {
        RateLimiter limiter = new RateLimiter(60, T0);
        for (int i = 0; i < 60; i++) {
            assertTrue(limiter.tryAcquire(T0), "call " + i);
        }
        assertFalse(limiter.tryAcquire(T0));
    }

    @Test
    void tokensComeBackEvenlyOverTheMinute() {
        RateLimiter limiter = new RateLimiter(60, T0); // one token a second
        assertEquals(60, drain(limiter, T0));
        assertFalse(limiter.tryAcquire(T0 + SECOND / 2));
        assertTrue(limiter.tryAcquire(T0 + SECOND));
        assertFalse(limiter.tryAcquire(T0 + SECOND));
        assertEquals(10, drain(limiter, T0 + 11 * SECOND));
    }

    @Test
    void idleTimeNeverFillsTheBucketAboveCapacity() {
        RateLimiter limiter = new RateLimiter(60, T0);
        assertEquals(60, drain(limiter, T0 + 3600 * SECOND));
    }

    @Test
    void bucketRefillsToCapacityAfterAMinute() {
        RateLimiter limiter = new RateLimiter(120, T0);
        assertEquals(120, drain(limiter, T0));
        assertEquals(120, drain(limiter, T0 + 60 * SECOND));
    }

    @Test
    void nonPositiveRateStillAllowsOneCallAMinute() {
        RateLimiter limiter = new RateLimiter(0, T0);
        assertEquals(1, drain(limiter, T0));
        assertEquals(1, drain(limiter, T0 + 60 * SECOND));
    }
}

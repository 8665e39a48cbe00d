package org.vdfs.guard.internal;

/**
 * A token bucket: {@code perMinute} calls may burst at once, and tokens come
 * back evenly over the minute. Cheap enough for every host call.
 */
final class RateLimiter {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long last;

    RateLimiter(int perMinute, long nowNanos) {
        this.capacity = Math.max(1, perMinute);
        this.tokensPerNano = capacity / 60e9;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}

package org.vdfs.ai.local.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.vdfs.api.ai.AiException;

/**
 * At most {@code max} objects that are not thread-safe (native engines),
 * created on demand, lent to one caller at a time and destroyed on close
 * (an object lent out when the pool closes is destroyed when it comes back).
 */
final class Pool<T> {

    interface Factory<T> {
        T create() throws AiException;
    }

    interface Destroyer<T> {
        void destroy(T t);
    }

    private final int max;
    private final Factory<T> factory;
    private final Destroyer<T> destroyer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final Deque<T> idle = new ArrayDeque<>();
    private int created;
    private boolean closed;

    Pool(int max, Factory<T> factory, Destroyer<T> destroyer) {
        this.max = Math.max(1, max);
        this.factory = factory;
        this.destroyer = destroyer;
    }

    T acquire(long timeoutMs) throws AiException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new AiException("provider_unavailable", "the provider is stopping");
                }
                T t = idle.pollFirst();
                if (t != null) {
                    return t;
                }
                if (created < max) {
                    created++;
                    break; // create outside the lock: loading a model takes a while
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AiException("busy", "all " + max + " engines stayed busy for " + timeoutMs + " ms");
                }
                returned.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiException("timeout", "interrupted while waiting for an engine", e);
        } finally {
            lock.unlock();
        }
        try {
            return factory.create();
        } catch (AiException | RuntimeException | Error e) {
            lock.lock();
            try {
                created--;
                returned.signal();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    void release(T t) {
        lock.lock();
        try {
            if (!closed) {
                idle.addFirst(t);
                returned.signal();
                return;
            }
            created--;
        } finally {
            lock.unlock();
        }
        destroyer.destroy(t);
    }

    void close() {
        Deque<T> toDestroy;
        lock.lock();
        try {
            closed = true;
            toDestroy = new ArrayDeque<>(idle);
            created -= idle.size();
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
        toDestroy.forEach(destroyer::destroy);
    }

    int created() {
        lock.lock();
        try {
            return created;
        } finally {
            lock.unlock();
        }
    }
}

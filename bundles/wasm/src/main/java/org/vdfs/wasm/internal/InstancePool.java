package org.vdfs.wasm.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/**
 * The instances of one extension. A Chicory instance is not thread-safe, so
 * concurrency comes from several instances, created on demand up to a cap and
 * kept idle for reuse.
 */
final class InstancePool {

    interface Factory {
        GuestInstance create() throws OperationException;
    }

    private final Factory factory;
    private final int max;
    private final ArrayDeque<GuestInstance> idle = new ArrayDeque<>();
    private final List<GuestInstance> live = new ArrayList<>();
    private int creating;
    private boolean closed;

    InstancePool(Factory factory, int max) {
        this.factory = factory;
        this.max = Math.max(1, max);
    }

    GuestInstance borrow(Duration wait, String extensionId) throws OperationException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new OperationException(ErrorCodes.UNAVAILABLE, "extension `" + extensionId + "` is stopping");
                }
                if (!idle.isEmpty()) {
                    return idle.pop();
                }
                if (live.size() + creating < max) {
                    creating++;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new OperationException(ErrorCodes.UNAVAILABLE, "all " + max + " instances of extension `"
                            + extensionId + "` stayed busy for " + wait.toMillis() + " ms");
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OperationException(ErrorCodes.UNAVAILABLE, "interrupted while waiting for an instance");
                }
            }
        }
        GuestInstance created = null;
        try {
            created = factory.create();
            return created;
        } finally {
            synchronized (this) {
                creating--;
                if (created != null) {
                    live.add(created);
                }
                notifyAll();
            }
        }
    }

    synchronized void release(GuestInstance guest) {
        if (!closed) {
            idle.push(guest);
        } else {
            live.remove(guest);
        }
        notifyAll();
    }

    /** Drops an instance that trapped or was interrupted: its memory may be half-written. */
    synchronized void discard(GuestInstance guest) {
        live.remove(guest);
        notifyAll();
    }

    /** Closes the pool; returns the idle instances so the caller can run their cleanup. */
    synchronized List<GuestInstance> close() {
        closed = true;
        List<GuestInstance> drained = new ArrayList<>(idle);
        idle.clear();
        live.removeAll(drained);
        notifyAll();
        return drained;
    }

    synchronized int size() {
        return live.size();
    }

    synchronized long memoryBytes() {
        long total = 0;
        for (GuestInstance g : live) {
            total += g.memoryBytes();
        }
        return total;
    }
}

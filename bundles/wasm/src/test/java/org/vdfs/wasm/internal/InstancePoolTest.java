package org.vdfs.wasm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Memory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

@Timeout(30)
class InstancePoolTest {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration SHORT = Duration.ofMillis(150);

    private final AtomicInteger created = new AtomicInteger();

    private InstancePool pool(int max) {
        return new InstancePool(() -> {
            created.incrementAndGet();
            return new GuestInstance(Wasm.instance(Wasm.MINIMAL));
        }, max);
    }

    @Test
    void instancesAreCreatedOnlyWhenBorrowed() throws OperationException {
        InstancePool pool = pool(4);
        assertEquals(0, created.get());
        assertEquals(0, pool.size());
        pool.borrow(NO_WAIT, "photos");
        assertEquals(1, created.get());
        assertEquals(1, pool.size());
        assertEquals(Memory.PAGE_SIZE, pool.memoryBytes());
    }

    @Test
    void releasedInstanceIsReused() throws OperationException {
        InstancePool pool = pool(4);
        GuestInstance first = pool.borrow(NO_WAIT, "photos");
        pool.release(first);
        assertSame(first, pool.borrow(NO_WAIT, "photos"));
        assertEquals(1, created.get());
    }

    @Test
    void busyInstancesAreNotShared() throws OperationException {
        InstancePool pool = pool(2);
        assertNotSame(pool.borrow(NO_WAIT, "photos"), pool.borrow(NO_WAIT, "photos"));
        assertEquals(2, pool.size());
    }

    @Test
    void borrowWaitsThenFailsWhenAllAreBusy() throws OperationException {
        InstancePool pool = pool(2);
        pool.borrow(NO_WAIT, "photos");
        pool.borrow(NO_WAIT, "photos");
        long start = System.nanoTime();
        OperationException e = assertThrows(OperationException.class, () -> pool.borrow(SHORT, "photos"));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCodes.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("photos"), e.getMessage());
        assertTrue(waitedMs >= SHORT.toMillis() - 5, "waited only " + waitedMs + " ms");
        assertEquals(2, created.get());
    }

    @Test
    void waitingBorrowGetsTheInstanceReleasedMeanwhile() throws Exception {
        InstancePool pool = pool(1);
        GuestInstance only = pool.borrow(NO_WAIT, "photos");
        CompletableFuture<GuestInstance> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.borrow(Duration.ofSeconds(10), "photos");
            } catch (OperationException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        pool.release(only);
        assertSame(only, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void discardFreesASlotForANewInstance() throws OperationException {
        InstancePool pool = pool(1);
        GuestInstance broken = pool.borrow(NO_WAIT, "photos");
        pool.discard(broken);
        assertEquals(0, pool.size());
        GuestInstance fresh = pool.borrow(NO_WAIT, "photos");
        assertNotSame(broken, fresh);
        assertEquals(2, created.get());
        assertEquals(1, pool.size());
    }

    @Test
    void failedCreationFreesItsSlot() throws OperationException {
        AtomicInteger attempts = new AtomicInteger();
        InstancePool pool = new InstancePool(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new OperationException(ErrorCodes.INTERNAL, "plugin_init failed");
            }
            return new GuestInstance(Wasm.instance(Wasm.MINIMAL));
        }, 1);
        assertEquals("plugin_init failed", assertThrows(OperationException.class,
                () -> pool.borrow(NO_WAIT, "photos")).getMessage());
        pool.borrow(NO_WAIT, "photos");
        assertEquals(1, pool.size());
    }

    @Test
    void closeReturnsIdleInstancesAndLaterBorrowsFail() throws OperationException {
        InstancePool pool = pool(3);
        GuestInstance idle = pool.borrow(NO_WAIT, "photos");
        GuestInstance busy = pool.borrow(NO_WAIT, "photos");
        pool.release(idle);

        assertEquals(List.of(idle), pool.close());
        OperationException e = assertThrows(OperationException.class, () -> pool.borrow(NO_WAIT, "photos"));
        assertEquals(ErrorCodes.UNAVAILABLE, e.code());

        pool.release(busy); // comes back after close: dropped, not pooled
        assertEquals(0, pool.size());
        assertEquals(List.of(), pool.close());
    }

    @Test
    void closeWakesWaitingBorrowers() throws Exception {
        InstancePool pool = pool(1);
        pool.borrow(NO_WAIT, "photos");
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                pool.borrow(Duration.ofSeconds(20), "photos");
                return "borrowed";
            } catch (OperationException e) {
                return e.code();
            }
        });
        Thread.sleep(50);
        pool.close();
        assertEquals(ErrorCodes.UNAVAILABLE, waiting.get(5, TimeUnit.SECONDS));
    }
}

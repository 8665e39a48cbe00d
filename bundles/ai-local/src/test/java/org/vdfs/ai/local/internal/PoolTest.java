package org.vdfs.ai.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vdfs.api.ai.AiException;

class PoolTest {

    private final AtomicInteger made = new AtomicInteger();
    private final List<Integer> destroyed = new ArrayList<>();
    private final Pool<Integer> pool = new Pool<>(2, made::incrementAndGet, destroyed::add);

    @Test
    void createsOnDemandUpToTheLimitAndReusesWhatComesBack() throws Exception {
        Integer a = pool.acquire(0);
        Integer b = pool.acquire(0);
        assertEquals(2, made.get());
        assertEquals("busy", assertThrows(AiException.class, () -> pool.acquire(20)).code());
        pool.release(a);
        assertSame(a, pool.acquire(0));
        assertEquals(2, made.get(), "nothing new while one is idle");
        pool.release(b);
    }

    @Test
    void aWaitingCallerGetsTheOneReleased() throws Exception {
        Integer a = pool.acquire(0);
        pool.acquire(0);
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            pool.release(a);
        });
        releaser.start();
        assertSame(a, pool.acquire(10_000));
        releaser.join();
    }

    @Test
    void closeDestroysIdleOnesNowAndLentOnesWhenTheyComeBack() throws Exception {
        Integer a = pool.acquire(0);
        Integer b = pool.acquire(0);
        pool.release(a);
        pool.close();
        assertEquals(List.of(a), destroyed);
        pool.release(b);
        assertEquals(List.of(a, b), destroyed);
        assertEquals(0, pool.created());
        assertEquals("provider_unavailable", assertThrows(AiException.class, () -> pool.acquire(0)).code());
    }

    @Test
    void aFailedCreationFreesItsPlace() throws Exception {
        Pool<Integer> failing = new Pool<>(1, () -> {
            throw new AiException("model_not_found", "no such language");
        }, destroyed::add);
        assertEquals("model_not_found", assertThrows(AiException.class, () -> failing.acquire(0)).code());
        assertEquals("model_not_found", assertThrows(AiException.class, () -> failing.acquire(0)).code(),
                "not busy: the failed engine does not count");
        assertEquals(0, failing.created());
    }
}

package org.vdfs.guard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.Permissions;

class PermissionGuardConcurrencyTest {

    @TempDir
    Path dir;

    /** revoke() reads the revoked list, adds to it and writes it back: concurrent revocations must not overwrite each other. */
    @Test
    void concurrentRevocationsAreAllKept() throws Exception {
        PermissionGuardImpl guard = new PermissionGuardImpl();
        guard.activate(null, PermissionGuardImplTest.config(Map.of("data_dir", dir.toString())));
        guard.enroll("photos", new Permissions(List.of("vdfs."), List.of("*"), 1000, 10, List.of(), 512));
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        guard.revoke("photos", "vdfs.t" + thread + "_" + i);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            guard.deactivate();
        }
        assertEquals(threads * each, guard.grants("photos").revoked().size());
        assertEquals(threads * each, new GrantStore(dir.resolve("grants.json")).revoked("photos").size());
    }
}

package org.vdfs.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;

class JobStoreTest {

    @TempDir
    Path dir;

    private static JobRecord queued(String type, Instant created) {
        return new JobRecord(UUID.randomUUID(), type, null, JobStatus.QUEUED, 0, null, 0, 0, List.of(), "{\"n\":1}",
                null, null, created, null, null, null);
    }

    @Test
    void recordsSurviveReopeningTheDatabase() throws Exception {
        JobRecord r = queued("photos:analyze", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (JobStore store = new JobStore(dir)) {
            store.insert(r, true);
            store.update(new JobRecord(r.id(), r.type(), null, JobStatus.RUNNING, 0.5, "half", 5, 50,
                    List.of("careful"), r.parameters(), "{\"at\":5}", r.createdAt(), r.createdAt(), r.createdAt(),
                    null, null));
        }
        try (JobStore store = new JobStore(dir)) {
            JobRecord back = store.get(r.id());
            assertEquals(JobStatus.RUNNING, back.status());
            assertEquals("{\"at\":5}", back.checkpoint());
            assertEquals(List.of("careful"), back.warnings());
            assertEquals(5, back.items());
            assertEquals("{\"n\":1}", back.parameters(), "parameters never change");
            assertTrue(store.resumable(r.id()));
            assertEquals(List.of(r.id()), store.unfinished().stream().map(JobRecord::id).toList());
            assertNull(store.get(UUID.randomUUID()));
        }
    }

    @Test
    void listFiltersByOwnerLiterallyAndPruneKeepsUnfinishedJobs() throws Exception {
        try (JobStore store = new JobStore(dir)) {
            Instant old = Instant.now().minus(2, ChronoUnit.DAYS);
            JobRecord a = queued("a_b:x", old);
            JobRecord b = queued("axb:x", old);
            store.insert(a, false);
            store.insert(b, false);
            assertEquals(List.of(a.id()), store.list("a_b", 10).stream().map(JobRecord::id).toList(),
                    "`_` in an owner is not a wildcard");
            store.update(new JobRecord(a.id(), a.type(), null, JobStatus.COMPLETED, 1, null, 0, 0, List.of(), null,
                    null, null, old, old, old, null));
            assertEquals(1, store.prune(Instant.now().minus(1, ChronoUnit.DAYS)));
            assertNull(store.get(a.id()));
            assertEquals(b.id(), store.get(b.id()).id(), "queued jobs are never pruned");
        }
    }
}

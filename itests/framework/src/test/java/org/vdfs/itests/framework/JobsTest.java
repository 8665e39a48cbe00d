package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobOutcome;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.job.JobType;
import org.vdfs.api.job.TaskFailedException;

/** Issue 4 acceptance: WASM jobs run, pause, resume, cancel, respect limits and survive misbehaviour and upgrades. */
class JobsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNTER = "test-extension:counter";

    @TempDir
    static Path dir;
    static Container container;
    static JobManager jobs;
    static Path testExtension;

    @BeforeAll
    static void start() throws Exception {
        container = Container.start(dir);
        jobs = container.jobs();
        testExtension = Files.write(dir.resolve("test-extension.wasm"), Fixtures.testExtensionWasm());
        container.installer().install(testExtension);
        container.installer().install(Fixtures.embedded(dir.resolve("jobs"), "jobs.wasm", Fixtures.wat("jobs"),
                Fixtures.manifest("misbehaving", "", "")));
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
    }

    static JsonNode counter(long target) {
        return JSON.createObjectNode().put("current", 0).put("target", target).put("processed", 0);
    }

    static JsonNode state(JobRecord r) throws Exception {
        return JSON.readTree(r.checkpoint());
    }

    static JobRecord awaitRunning(UUID id, long items) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JobRecord r = jobs.get(id).orElseThrow();
            if (r.status() == JobStatus.RUNNING && r.items() >= items && r.checkpoint() != null) {
                return r;
            }
            assertTrue(!r.status().isFinal(), "ended early: " + r);
            Thread.sleep(5);
        }
        throw new AssertionError("job " + id + " did not get going");
    }

    @Test
    void counterRunsToCompletionWithProgressEventsAndCounters() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, JobManager.TOPIC_PREFIX + "*");
        var registration = container.context().registerService(EventHandler.class, events::add, props);
        try {
            JobRecord r = jobs.dispatch(COUNTER, null, counter(30_000));
            JobRecord done = jobs.await(r.id(), Duration.ofSeconds(60));
            assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
            assertEquals(30_000, done.items());
            assertEquals(30_000, state(done).path("current").asLong());
            assertEquals(30_000, state(done).path("processed").asLong());
            assertEquals(1.0, done.progress());
            assertNotNull(done.startedAt());
            assertNotNull(done.finishedAt());
            Thread.sleep(200); // events are delivered asynchronously
            String id = r.id().toString();
            assertTrue(events.stream().anyMatch(e -> e.getTopic().endsWith("/PROGRESS") && id.equals(e.getProperty("job.id"))),
                    "progress events for the job");
            assertTrue(events.stream().anyMatch(e -> e.getTopic().endsWith("/COMPLETED") && id.equals(e.getProperty("job.id"))));
        } finally {
            registration.unregister();
        }
    }

    @Test
    void pauseResumeAndCancel() throws Exception {
        long target = 150_000;
        JobRecord r = jobs.dispatch(COUNTER, null, counter(target));
        awaitRunning(r.id(), 1_000);
        jobs.pause(r.id());
        JobRecord paused = jobs.await(r.id(), Duration.ofSeconds(30));
        assertEquals(JobStatus.PAUSED, paused.status(), paused.toString());
        long atPause = state(paused).path("current").asLong();
        assertTrue(atPause > 0 && atPause < target, "checkpointed mid-run: " + atPause);
        assertEquals(atPause, paused.items(), "counters stored with the checkpoint");

        jobs.resume(r.id());
        JobRecord done = jobs.await(r.id(), Duration.ofSeconds(120));
        assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
        // restarted from zero, the items counter would read target + atPause
        assertEquals(target, done.items(), "resumed from the checkpoint, not from zero");

        JobRecord other = jobs.dispatch(COUNTER, null, counter(10_000_000));
        awaitRunning(other.id(), 100);
        jobs.cancel(other.id());
        JobRecord cancelled = jobs.await(other.id(), Duration.ofSeconds(30));
        assertEquals(JobStatus.CANCELLED, cancelled.status());
        assertEquals(JobStatus.CANCELLED, jobs.get(other.id()).orElseThrow().status(), "record kept");
    }

    @Test
    void aGuestThatIgnoresInterruptsIsStoppedAndATrapFailsTheJob() throws Exception {
        JobRecord spin = jobs.dispatch("misbehaving:spin", null, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jobs.get(spin.id()).orElseThrow().status() != JobStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long asked = System.nanoTime();
        jobs.pause(spin.id());
        JobRecord paused = jobs.await(spin.id(), Duration.ofSeconds(30));
        assertEquals(JobStatus.PAUSED, paused.status(), paused.toString());
        assertTrue(System.nanoTime() - asked >= Duration.ofMillis(Container.JOB_GRACE_MS).toNanos(),
                "interrupted only after the grace period");

        JobRecord trap = jobs.await(jobs.dispatch("misbehaving:trap", null, null).id(), Duration.ofSeconds(30));
        assertEquals(JobStatus.FAILED, trap.status());
        assertTrue(trap.error().contains("unreachable"), trap.error());

        JobRecord quick = jobs.await(jobs.dispatch("misbehaving:quick", null, null).id(), Duration.ofSeconds(30));
        assertEquals(JobStatus.COMPLETED, quick.status(), "the extension still runs jobs");
    }

    @Test
    void uninstallingTheExtensionCancelsItsJobsAndKeepsTheirRecords() throws Exception {
        container.installer().install(Fixtures.embedded(dir.resolve("doomed"), "doomed.wasm", Fixtures.wat("jobs"),
                Fixtures.manifest("doomed", "", "")));
        JobRecord spin = jobs.dispatch("doomed:spin", null, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jobs.get(spin.id()).orElseThrow().status() != JobStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        container.installer().uninstall("doomed");
        JobRecord after = jobs.await(spin.id(), Duration.ofSeconds(30));
        assertEquals(JobStatus.CANCELLED, after.status(), after.toString());
        assertTrue(jobs.list("doomed", 10).stream().anyMatch(r -> r.id().equals(spin.id())), "record kept");
    }

    @Test
    void javaJobTasksAreRetriedAndTimedOut() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(JobType.NAME, "test:tasks");
        var registration = container.context().registerService(JobType.class, ctx -> {
            try {
                String flaky = ctx.task("flaky", 3, Duration.ofSeconds(5), () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                    return "done";
                });
                ctx.checkpoint("{\"flaky\":\"" + flaky + "\"}");
                ctx.task("slow", 1, Duration.ofMillis(100), () -> {
                    Thread.sleep(10_000);
                    return null;
                });
                return JobOutcome.completed();
            } catch (TaskFailedException e) {
                return JobOutcome.failed(e.getMessage());
            }
        }, props);
        try {
            JobRecord r = jobs.await(jobs.dispatch("test:tasks", null, null).id(), Duration.ofSeconds(30));
            assertEquals(3, attempts.get(), "failed twice, then succeeded");
            assertEquals("done", state(r).path("flaky").asText());
            assertEquals(JobStatus.FAILED, r.status());
            assertTrue(r.error().contains("task slow failed 2 times"), r.error());
            assertEquals(4, r.warnings().size(), "each failed attempt is a warning: " + r.warnings());
            assertTrue(r.warnings().get(2).contains("timed out after 100 ms"), r.warnings().toString());
        } finally {
            registration.unregister();
        }
    }

    @Test
    void concurrentJobsLimitHoldsAndAllComplete() throws Exception {
        // The test extension's manifest says concurrent_jobs: 2. To count what really runs at once, the
        // WASM counter is wrapped in a job type of the same owner that counts its own entries and exits.
        JobType counter = container.context().getService(
                container.context().getServiceReferences(JobType.class, "(" + JobType.NAME + "=" + COUNTER + ")")
                        .iterator().next());
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(JobType.NAME, "test-extension:observed");
        var registration = container.context().registerService(JobType.class, ctx -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                return counter.run(ctx);
            } finally {
                now.decrementAndGet();
            }
        }, props);
        try {
            List<UUID> ids = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(jobs.dispatch("test-extension:observed", null, counter(20_000)).id());
            }
            for (UUID id : ids) {
                JobRecord done = jobs.await(id, Duration.ofSeconds(120));
                assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
                assertEquals(20_000, done.items());
            }
            assertEquals(2, most.get(), "2 ran at once, never more");
        } finally {
            registration.unregister();
        }
    }

    @Test
    void anUpgradeWhileAJobRunsPausesItAndItFinishesOnTheNewVersion() throws Exception {
        long target = 120_000;
        JobRecord r = jobs.dispatch(COUNTER, null, counter(target));
        awaitRunning(r.id(), 1_000);
        long bundle = container.extensions().find("test-extension").orElseThrow().bundleId();
        container.installer().install(testExtension); // same id: Bundle.update
        assertEquals(bundle, container.extensions().find("test-extension").orElseThrow().bundleId());
        JobRecord done = jobs.await(r.id(), Duration.ofSeconds(120));
        assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
        assertEquals(target, done.items(), "continued from its checkpoint on the new version");
    }
}

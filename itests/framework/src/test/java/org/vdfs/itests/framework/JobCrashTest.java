package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;

/** Issue 4, acceptance 3: kill -9 the host mid-job; the job resumes from its last checkpoint, none is lost. */
class JobCrashTest {

    private static final long TARGET = 150_000;

    @TempDir
    Path dir;

    @Test
    void aKilledHostResumesTheJobFromItsLastCheckpoint() throws Exception {
        Path wasm = Files.write(dir.resolve("test-extension.wasm"), Fixtures.testExtensionWasm());
        Process host = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dvdfs.test.bundles=" + System.getProperty("vdfs.test.bundles"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                JobHost.class.getName(), dir.toString(), wasm.toString(), Long.toString(TARGET)))
                .redirectError(dir.resolve("host-err.txt").toFile()).start();
        UUID job = null;
        long lastDurable = -1;
        int checkpoints = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; checkpoints < 30 && (line = out.readLine()) != null;) {
                if (line.startsWith("JOB ")) {
                    job = UUID.fromString(line.substring(4));
                } else if (line.startsWith("CHECKPOINT ")) {
                    lastDurable = Long.parseLong(line.substring(11));
                    checkpoints++;
                }
            }
            host.destroyForcibly(); // SIGKILL: no shutdown hook, no checkpoint on the way out
            assertTrue(host.waitFor(30, TimeUnit.SECONDS));
        }
        assertNotNull(job, "the host dispatched a job: " + Files.readString(dir.resolve("host-err.txt")));
        assertTrue(lastDurable > 0 && lastDurable < TARGET, "killed mid-run, after checkpoint " + lastDurable);

        // the database opens cleanly and holds at least the last checkpoint the host saw stored
        long stored;
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data/jobs/jobs"), "vdfs", "");
                PreparedStatement ps = db.prepareStatement("SELECT checkpoint, status FROM jobs WHERE id = ?")) {
            ps.setObject(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                stored = new ObjectMapper().readTree(rs.getString(1)).path("current").asLong();
                assertEquals("RUNNING", rs.getString(2), "it was running when the host died");
            }
        }
        assertTrue(stored >= lastDurable, "no stored checkpoint was lost: stored " + stored + ", seen " + lastDurable);

        try (Container restarted = Container.start(dir)) {
            JobRecord done = restarted.jobs().await(job, Duration.ofSeconds(120));
            assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
            assertEquals(TARGET, done.items(), "resumed from the checkpoint, not from zero");
            assertEquals(TARGET, new ObjectMapper().readTree(done.checkpoint()).path("current").asLong());
        }
    }
}

package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.operation.Caller;

/**
 * Issue 3 acceptance 3 and issue 4 acceptance 7: the JVM indexing a location
 * is killed with SIGKILL; the database opens cleanly on restart and the
 * indexing job resumes from its last committed batch instead of starting over.
 */
class IndexerCrashTest {

    private static final int FOLDERS = 40;
    private static final int FILES_PER_FOLDER = 150;

    @TempDir
    Path dir;

    @Test
    void aKilledIndexerResumesFromItsLastBatch() throws Exception {
        Path tree = dir.resolve("tree");
        for (int d = 0; d < FOLDERS; d++) {
            Path folder = Files.createDirectories(tree.resolve(String.format("d%02d", d)));
            for (int f = 0; f < FILES_PER_FOLDER; f++) {
                Files.writeString(folder.resolve("f" + f + ".txt"), "file " + d + "/" + f);
            }
        }
        long total = FOLDERS + (long) FOLDERS * FILES_PER_FOLDER;

        Process host = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dvdfs.test.bundles=" + System.getProperty("vdfs.test.bundles"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                IndexHost.class.getName(), dir.resolve("host").toString(), tree.toString()))
                .redirectError(dir.resolve("host-err.txt").toFile()).start();
        UUID job = null;
        long itemsAtLastCheckpoint = -1;
        int checkpoints = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; checkpoints < 2 && (line = out.readLine()) != null;) {
                if (line.startsWith("JOB ")) {
                    job = UUID.fromString(line.substring(4));
                } else if (line.startsWith("CHECKPOINT ")) {
                    itemsAtLastCheckpoint = Long.parseLong(line.substring(11));
                    checkpoints++;
                }
            }
            host.destroyForcibly();
            assertTrue(host.waitFor(30, TimeUnit.SECONDS));
        }
        assertNotNull(job, Files.readString(dir.resolve("host-err.txt")));
        assertTrue(itemsAtLastCheckpoint > 0 && itemsAtLastCheckpoint < total,
                "killed mid-run, after " + itemsAtLastCheckpoint + " of " + total + " entries");

        try (Container restarted = Container.start(dir.resolve("host"))) {
            JobRecord done = restarted.jobs().await(job, Duration.ofSeconds(120));
            assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
            assertEquals(total, done.items(), "entries walked once each: it resumed instead of starting over");
            long entries = restarted.registry().call(Caller.host("test"), "vdfs.location_list", null, null)
                    .get(0).path("entries").asLong();
            assertEquals(total, entries, "the store matches the disk");
        }
    }
}

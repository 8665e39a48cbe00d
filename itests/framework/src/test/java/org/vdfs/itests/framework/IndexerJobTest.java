package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.api.store.ContentIds;
import org.vdfs.store.internal.index.ExifJpeg;

/**
 * The location indexer in the framework: a location added through {@code vdfs.location_add},
 * indexed as the job {@code core:index_location} dispatched by {@code vdfs.index}, and its
 * entries queried through {@code vdfs.query_entries}, with EXIF read by the store bundle's
 * inlined metadata-extractor.
 */
class IndexerJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    Path dir;

    @Test
    void aLocationIsIndexedAsAJobAndQueriedByGps() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("photos"));
        Files.write(tree.resolve("paris.jpg"), ExifJpeg.withExif(24, 16, 1, "TestCam", "T-1", "2024:06:01 12:34:56",
                48.858222, 2.2945));
        Files.createDirectories(tree.resolve("trips/2023"));
        Files.write(tree.resolve("trips/2023/sydney.jpg"), ExifJpeg.withExif(24, 16, 2, "TestCam", "T-1",
                "2023:01:15 08:00:00", -33.856784, 151.215297));
        Files.write(tree.resolve("trips/plain.jpg"), ExifJpeg.plain(8, 8, 3));
        Files.writeString(tree.resolve("notes.txt"), "not a photo\n", StandardCharsets.UTF_8);

        try (Container c = Container.start(dir.resolve("container"))) {
            OperationRegistry registry = c.registry();
            JsonNode location = registry.call(SHELL, "vdfs.location_add", null,
                    JSON.createObjectNode().put("path", tree.toString()));
            String locationId = location.path("uuid").asText();
            assertEquals(tree.toRealPath().toString(), location.path("path").asText(), location.toString());
            OperationException twice = assertThrows(OperationException.class, () -> registry.call(SHELL,
                    "vdfs.location_add", null, JSON.createObjectNode().put("path", tree.toString())));
            assertEquals(ErrorCodes.INVALID_PAYLOAD, twice.code());

            JsonNode job = registry.call(SHELL, "vdfs.index", null,
                    JSON.createObjectNode().put("location_id", locationId));
            assertEquals("core:index_location", job.path("job").asText(), job.toString());
            JobRecord done = c.jobs().await(UUID.fromString(job.path("id").asText()), Duration.ofSeconds(60));
            assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
            assertEquals(6, done.items(), "2 folders and 4 files walked: " + done);
            assertTrue(done.bytes() > 0, done.toString());
            assertEquals(1.0, done.progress());

            JsonNode gps = registry.call(SHELL, "vdfs.query_entries", null,
                    JSON.createObjectNode().put("has_gps", true).put("on_this_device", true));
            assertEquals(2, gps.size(), gps.toString());
            assertEquals("paris.jpg", gps.get(0).path("path").asText());
            assertEquals("trips/2023/sydney.jpg", gps.get(1).path("path").asText());
            assertEquals(48.858222, gps.get(0).path("media").path("latitude").asDouble(), 1e-5);
            assertEquals("TestCam", gps.get(0).path("media").path("camera_make").asText());
            assertEquals("image", gps.get(0).path("content_kind").asText());

            JsonNode taken2024 = registry.call(SHELL, "vdfs.query_entries", null, JSON.createObjectNode()
                    .put("in_location", locationId).put("of_kind", "image").put("taken_after", "2024-01-01T00:00:00Z"));
            assertEquals(1, taken2024.size(), taken2024.toString());
            assertEquals("2024-06-01T12:34:56Z", taken2024.get(0).path("media").path("taken_at").asText());

            JsonNode list = registry.call(SHELL, "vdfs.location_list", null, null);
            assertEquals(6, list.get(0).path("entries").asInt(), list.toString());
            registry.call(SHELL, "vdfs.location_remove", null, JSON.createObjectNode().put("location_id", locationId));
            assertEquals(0, registry.call(SHELL, "vdfs.query_entries", null, null).size());
        }
    }

    /**
     * The store bundle hashes with the native BLAKE3 where the build made it (Linux x86-64: the
     * framework loaded it through Bundle-NativeCode), and the content uuids it derives are those of
     * commons-codec's independent pure-Java BLAKE3.
     */
    @Test
    void theBundleHashesNativelyAndContentUuidsMatchPureJava() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("data"));
        Random random = new Random(7);
        Map<String, byte[]> files = new TreeMap<>();
        for (int size : new int[] {0, 1, 1025, 262_144, 262_145, 3_000_001}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            files.put("f" + size + ".bin", bytes);
            Files.write(tree.resolve("f" + size + ".bin"), bytes);
        }
        try (Container c = Container.start(dir.resolve("container"))) {
            Bundle store = Arrays.stream(c.bundles()).filter(b -> "org.vdfs.store".equals(b.getSymbolicName()))
                    .findFirst().orElseThrow();
            String implementation = (String) store.loadClass("org.vdfs.store.internal.hash.Blake3")
                    .getMethod("implementation").invoke(null);
            boolean linuxX64 = System.getProperty("os.name").equals("Linux")
                    && System.getProperty("os.arch").equals("amd64");
            assertEquals(linuxX64 ? "native" : "java", implementation);

            OperationRegistry registry = c.registry();
            String locationId = registry.call(SHELL, "vdfs.location_add", null,
                    JSON.createObjectNode().put("path", tree.toString())).path("uuid").asText();
            JsonNode job = registry.call(SHELL, "vdfs.index", null,
                    JSON.createObjectNode().put("location_id", locationId));
            JobRecord done = c.jobs().await(UUID.fromString(job.path("id").asText()), Duration.ofSeconds(60));
            assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
            JsonNode entries = registry.call(SHELL, "vdfs.query_entries", null,
                    JSON.createObjectNode().put("in_location", locationId));
            assertEquals(files.size(), entries.size(), entries.toString());
            for (JsonNode e : entries) {
                byte[] hash = new byte[32];
                Blake3.initHash().update(files.get(e.path("path").asText())).doFinalize(hash);
                assertEquals(ContentIds.fromBlake3(Hex.encodeHexString(hash)).toString(),
                        e.path("content_uuid").asText(), e.toString());
            }
        }
    }
}

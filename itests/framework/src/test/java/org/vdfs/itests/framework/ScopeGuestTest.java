package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.IndexListener;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.LocationInfo;
import org.vdfs.store.internal.index.ExifJpeg;

/**
 * Permission scopes enforced on a WASM guest: the SDK test extension, installed
 * with a manifest that declares entry_globs and sidecar kinds, calls the host
 * through its own spacedrive_call. Outside its globs, its sidecar kinds, or the
 * folders the operator set for it, it is denied; inside, it is served.
 */
class ScopeGuestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    Path dir;

    private static JsonNode viaGuest(OperationRegistry registry, String id, String method, JsonNode payload)
            throws Exception {
        ObjectNode input = JSON.createObjectNode().put("method", method);
        input.set("payload", payload);
        return registry.call(SHELL, id + ".call", null, input);
    }

    private static List<String> paths(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("ok").forEach(e -> out.add(e.path("path").asText()));
        return out;
    }

    private static void assertDenied(JsonNode answer, String permission) {
        assertEquals("permission_denied", answer.path("error").path("code").asText(), answer.toString());
        assertTrue(answer.path("error").path("message").asText().contains(permission), answer.toString());
    }

    private void install(Container c, String id, String permissions) throws Exception {
        String manifest = new String(Fixtures.testExtensionManifest(), StandardCharsets.UTF_8)
                .replace("\"test-extension\"", "\"" + id + "\"")
                .replace("\"test-extension.\"", "\"" + id + ".\", \"vdfs.\", \"ai.\"")
                .replace("\"libraries\"", permissions + "\"libraries\"");
        c.installer().install(Fixtures.beside(dir.resolve(id), "test-extension.wasm", Fixtures.testExtensionWasm(),
                manifest));
    }

    @Test
    void aGuestIsHeldToItsGlobsSidecarKindsAndOperatorFolders() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/trip"));
        Files.write(tree.resolve("paris.jpg"), ExifJpeg.withExif(24, 16, 1, "TestCam", "T-1", "2024:06:01 12:34:56",
                48.858222, 2.2945));
        Files.write(tree.resolveSibling("home.JPG"), ExifJpeg.withExif(24, 16, 2, "TestCam", "T-1",
                "2023:01:01 10:00:00", 1.0, 2.0));
        Files.writeString(tree.resolveSibling("diary.txt"), "private");
        try (Container c = Container.start(dir.resolve("container"), 30_000)) {
            LocationIndexer indexer = c.service(LocationIndexer.class);
            LocationInfo location = indexer.addLocation(null, dir.resolve("tree").toRealPath());
            indexer.index(null, location.uuid(), null, IndexListener.NONE);
            Map<String, EntryInfo> entries = new java.util.HashMap<>();
            indexer.queryEntries(null, EntryQuery.all(100)).forEach(e -> entries.put(e.path(), e));
            String paris = entries.get("trip/paris.jpg").uuid().toString();
            String diary = entries.get("diary.txt").uuid().toString();

            install(c, "photos", "\"entry_globs\": [\"**/*.jpg\"], "
                    + "\"sidecars\": {\"read\": [\"exif\"], \"write\": [\"faces\"]}, "
                    + "\"models\": [{\"category\": \"ocr\", \"preference\": \"any\"}], ");
            install(c, "plain", ""); // no globs, no kinds: its method permissions alone decide
            OperationRegistry registry = c.registry();

            // entries: only the globs' (case-insensitive), while an extension without globs sees all
            ObjectNode all = JSON.createObjectNode();
            assertEquals(List.of("home.JPG", "trip/paris.jpg"), paths(viaGuest(registry, "photos",
                    "vdfs.query_entries", all)));
            assertEquals(List.of("diary.txt", "home.JPG", "trip", "trip/paris.jpg"), paths(viaGuest(registry, "plain",
                    "vdfs.query_entries", all)));

            // sidecars: its kinds, on entries in scope
            JsonNode exif = viaGuest(registry, "photos", "vdfs.read_sidecar",
                    JSON.createObjectNode().put("entry_uuid", paris).put("kind", "exif"));
            assertEquals(48.858222, exif.path("ok").path("document").path("latitude").asDouble(), 1e-6, exif.toString());
            ObjectNode faces = JSON.createObjectNode().put("entry_uuid", paris).put("kind", "faces");
            faces.putObject("document").putArray("faces").addObject().put("x", 3);
            assertEquals("photos", viaGuest(registry, "photos", "vdfs.write_sidecar", faces).path("ok")
                    .path("written_by").asText());
            assertEquals(3, viaGuest(registry, "photos", "vdfs.read_sidecar", JSON.createObjectNode()
                    .put("entry_uuid", paris).put("kind", "faces")).path("ok").path("document").path("faces").get(0)
                    .path("x").asInt());
            ObjectNode ocr = faces.deepCopy().put("kind", "ocr");
            assertDenied(viaGuest(registry, "photos", "vdfs.write_sidecar", ocr), "WriteSidecars");
            assertDenied(viaGuest(registry, "photos", "vdfs.read_sidecar", JSON.createObjectNode()
                    .put("entry_uuid", paris).put("kind", "ocr")), "ReadSidecars");
            assertDenied(viaGuest(registry, "photos", "vdfs.read_sidecar", JSON.createObjectNode()
                    .put("entry_uuid", diary).put("kind", "exif")), "ReadEntries");
            assertEquals("plain", viaGuest(registry, "plain", "vdfs.write_sidecar", ocr).path("ok")
                    .path("written_by").asText());

            // tags and collections: an entry outside the scope is refused by uuid and left out of lists
            assertDenied(viaGuest(registry, "photos", "vdfs.tags", JSON.createObjectNode().put("entry_uuid", diary)),
                    "ReadEntries");
            JsonNode parisTags = viaGuest(registry, "photos", "vdfs.tags", JSON.createObjectNode().put("entry_uuid", paris));
            assertTrue(parisTags.path("ok").path("tags").isArray(), parisTags.toString());
            String collection = viaGuest(registry, "plain", "vdfs.collection_create", JSON.createObjectNode()
                    .put("name", "mixed")).path("ok").path("uuid").asText();
            for (String entry : List.of(diary, paris)) {
                JsonNode added = viaGuest(registry, "plain", "vdfs.collection_add", JSON.createObjectNode()
                        .put("collection_uuid", collection).put("entry_uuid", entry));
                assertTrue(added.has("ok"), added.toString());
            }
            ObjectNode items = JSON.createObjectNode().put("collection_uuid", collection);
            assertEquals(2, viaGuest(registry, "plain", "vdfs.collection_items", items).path("ok").size());
            JsonNode seen = viaGuest(registry, "photos", "vdfs.collection_items", items);
            assertEquals(1, seen.path("ok").size(), seen.toString());
            assertEquals(paris, seen.path("ok").get(0).path("uuid").asText(), seen.toString());
            assertDenied(viaGuest(registry, "photos", "vdfs.collection_add", JSON.createObjectNode()
                    .put("collection_uuid", collection).put("entry_uuid", diary)), "ReadEntries");

            // ai: the host reads no file outside the scope; inside, the call gets past the scope
            // (and here on to the registry, which has no OCR model in this container)
            ObjectNode outside = JSON.createObjectNode();
            outside.putObject("image").put("entry_id", diary);
            assertDenied(viaGuest(registry, "photos", "ai.ocr", outside), "ReadEntries");
            ObjectNode inside = JSON.createObjectNode();
            inside.putObject("image").put("entry_id", paris);
            JsonNode served = viaGuest(registry, "photos", "ai.ocr", inside);
            assertNotEquals("permission_denied", served.path("error").path("code").asText(), served.toString());

            // the operator narrows the extension to one folder, through Configuration Admin
            c.configureFactory("org.vdfs.guard.scope", Map.of("extension.id", "photos", "folders",
                    new String[] { tree.toRealPath().toString() }));
            List<String> narrowed = List.of();
            for (int i = 0; i < 100 && !narrowed.equals(List.of("trip/paris.jpg")); i++) {
                Thread.sleep(50); // Configuration Admin delivers asynchronously
                narrowed = paths(viaGuest(registry, "photos", "vdfs.query_entries", all));
            }
            assertEquals(List.of("trip/paris.jpg"), narrowed);
            String home = entries.get("home.JPG").uuid().toString();
            assertDenied(viaGuest(registry, "photos", "vdfs.read_sidecar", JSON.createObjectNode()
                    .put("entry_uuid", home).put("kind", "exif")), "ReadEntries");
            assertEquals(4, paths(viaGuest(registry, "plain", "vdfs.query_entries", all)).size());

            // locations: those that overlap its folders (the folder lies in this one), not another
            indexer.addLocation(null, Files.createDirectories(dir.resolve("elsewhere")).toRealPath());
            assertEquals(1, viaGuest(registry, "photos", "vdfs.location_list", all).path("ok").size());
            assertEquals(2, viaGuest(registry, "plain", "vdfs.location_list", all).path("ok").size());
        }
    }
}

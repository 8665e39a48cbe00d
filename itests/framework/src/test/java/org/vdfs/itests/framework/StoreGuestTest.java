package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.api.store.ContentIdentity;

/**
 * Issue 3, acceptance 6: a WASM guest creates a model, tags its content and
 * queries it back through spacedrive_call. The guest is the Rust test
 * extension installed under another id whose manifest grants `vdfs.`.
 */
class StoreGuestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    Path dir;

    /** The guest calls `method` with `payload` through its own spacedrive_call; returns what the host answered. */
    private static JsonNode viaGuest(OperationRegistry registry, String method, JsonNode payload) throws Exception {
        ObjectNode input = JSON.createObjectNode().put("method", method);
        input.set("payload", payload);
        return registry.call(SHELL, "modeler.call", null, input);
    }

    @Test
    void aGuestCreatesAModelTagsItsContentAndQueriesItBack() throws Exception {
        try (Container c = Container.start(dir)) {
            String manifest = new String(Fixtures.testExtensionManifest(), StandardCharsets.UTF_8)
                    .replace("\"test-extension\"", "\"modeler\"")
                    .replace("\"test-extension.\"", "\"modeler.\", \"vdfs.\"");
            c.installer().install(Fixtures.beside(dir.resolve("modeler"), "test-extension.wasm",
                    Fixtures.testExtensionWasm(), manifest));
            // content the indexer would have found: recorded through the store's Java API
            ContentIdentity photo = c.store().library(c.store().defaultLibraryId())
                    .recordContent("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", 4096, "image");
            OperationRegistry registry = c.registry();

            ObjectNode model = JSON.createObjectNode().put("model_type", "PhotoAnalysis").put("scope", "content")
                    .put("content_uuid", photo.uuid().toString());
            model.putObject("data").put("faces", 2);
            model.putObject("blobs").putObject("embeddings").putArray("json").add(0.25).add(0.5);
            JsonNode created = viaGuest(registry, "vdfs.create_model", model);
            assertEquals("modeler", created.path("ok").path("extension_id").asText(), created.toString());
            String uuid = created.path("ok").path("uuid").asText();

            JsonNode tagged = viaGuest(registry, "vdfs.add_tag_to_content",
                    JSON.createObjectNode().put("content_uuid", photo.uuid().toString()).put("tag", "#family"));
            assertEquals("#family", tagged.path("ok").path("tags").get(0).asText(), tagged.toString());

            JsonNode found = viaGuest(registry, "vdfs.query_models",
                    JSON.createObjectNode().put("model_type", "PhotoAnalysis").put("select_inline_only", true));
            JsonNode first = found.path("ok").get(0);
            assertEquals(uuid, first.path("uuid").asText(), found.toString());
            assertEquals(2, first.path("data").path("faces").asInt());
            assertTrue(first.path("blobs").isMissingNode(), "select_inline_only leaves blobs out: " + first);

            JsonNode blob = viaGuest(registry, "vdfs.load_model_blob",
                    JSON.createObjectNode().put("model_uuid", uuid).put("key", "embeddings"));
            assertEquals(0.5, blob.path("ok").path("json").get(1).asDouble(), blob.toString());

            JsonNode byTag = viaGuest(registry, "vdfs.tags", JSON.createObjectNode().put("tag", "#family"));
            assertEquals(photo.uuid().toString(), byTag.path("ok").path("content_uuids").get(0).asText());

            // the unprivileged test extension may not touch the store
            c.installer().install(java.nio.file.Files.write(dir.resolve("t.wasm"), Fixtures.testExtensionWasm()));
            JsonNode denied = registry.call(SHELL, "test-extension.call", null,
                    JSON.createObjectNode().put("method", "vdfs.query_models").set("payload", JSON.createObjectNode()));
            assertEquals("permission_denied", denied.path("error").path("code").asText(), denied.toString());
        }
    }
}

package org.vdfs.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.ContentIdentity;

/** The operations as the registry calls them: JSON in, JSON out. */
class StoreOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller PHOTOS = Caller.extension("photos");

    @TempDir
    Path dir;

    private StoreService store;

    @BeforeEach
    void start() throws Exception {
        store = new StoreService();
        store.start(dir, DirectoryMigrationSource.core());
    }

    @AfterEach
    void stop() {
        store.deactivate();
    }

    private JsonNode call(StoreOperations.StoreOperation op, Caller caller, String input) throws Exception {
        op.store = store;
        return op.invoke(new Invocation("vdfs.test", caller, null, JSON.readTree(input)));
    }

    @Test
    void modelsRoundTripThroughJsonWithBase64AndJsonBlobs() throws Exception {
        ContentIdentity photo = store.library(null).recordContent(BlobStore.blake3(new byte[] { 1 }), 1, "image");
        String bytes = Base64.getEncoder().encodeToString("embedding".getBytes(StandardCharsets.UTF_8));
        JsonNode created = call(new StoreOperations.CreateModel(), PHOTOS, "{\"model_type\":\"PhotoAnalysis\","
                + "\"scope\":\"content\",\"content_uuid\":\"" + photo.uuid() + "\",\"data\":{\"faces\":1},"
                + "\"blobs\":{\"vec\":{\"bytes\":\"" + bytes + "\"},\"boxes\":{\"json\":[1,2]}}}");
        assertEquals("content", created.path("scope").asText());
        assertEquals("[\"boxes\",\"vec\"]", created.path("blob_keys").toString());

        JsonNode inline = call(new StoreOperations.QueryModels(), PHOTOS,
                "{\"model_type\":\"PhotoAnalysis\",\"select_inline_only\":true}");
        assertTrue(inline.get(0).path("blobs").isMissingNode());
        // after the last (and only) model: an empty next page
        assertEquals(0, call(new StoreOperations.QueryModels(), PHOTOS, "{\"model_type\":\"PhotoAnalysis\","
                + "\"after\":\"" + created.path("uuid").asText() + "\"}").size());
        JsonNode full = call(new StoreOperations.GetModelByContent(), PHOTOS,
                "{\"model_type\":\"PhotoAnalysis\",\"content_uuid\":\"" + photo.uuid() + "\"}");
        assertEquals(bytes, full.path("blobs").path("vec").path("bytes").asText());
        assertEquals("[1,2]", full.path("blobs").path("boxes").path("json").toString());

        JsonNode blob = call(new StoreOperations.LoadModelBlob(), PHOTOS,
                "{\"model_uuid\":\"" + created.path("uuid").asText() + "\",\"key\":\"vec\"}");
        assertEquals(bytes, blob.path("bytes").asText());

        JsonNode foreign = call(new StoreOperations.GetModel(), Caller.extension("finance"),
                "{\"uuid\":\"" + created.path("uuid").asText() + "\"}");
        assertTrue(foreign.isNull());
    }

    @Test
    void hostCallersNameTheExtensionAndExtensionsCannotImpersonate() throws Exception {
        OperationException host = assertThrows(OperationException.class, () -> call(new StoreOperations.QueryModels(),
                Caller.host("shell"), "{\"model_type\":\"Person\"}"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, host.code());
        assertTrue(host.getMessage().contains("extension_id"), host.getMessage());
        assertEquals(0, call(new StoreOperations.QueryModels(), Caller.host("shell"),
                "{\"model_type\":\"Person\",\"extension_id\":\"photos\"}").size());

        OperationException other = assertThrows(OperationException.class, () -> call(
                new StoreOperations.QueryModels(), PHOTOS, "{\"model_type\":\"Person\",\"extension_id\":\"finance\"}"));
        assertEquals(ErrorCodes.PERMISSION_DENIED, other.code());
    }

    @Test
    void tagsAndCollectionsThroughJson() throws Exception {
        // As a host caller: for an extension these operations apply its entry scope, which takes
        // the guard bundle (ScopeGuestTest in itests/framework covers that with the real guard).
        Caller shell = Caller.host("shell");
        ContentIdentity photo = store.library(null).recordContent(BlobStore.blake3(new byte[] { 2 }), 1, "image");
        JsonNode tagged = call(new StoreOperations.AddTagToContent(), shell,
                "{\"content_uuid\":\"" + photo.uuid() + "\",\"tag\":\"#vacation\"}");
        assertEquals("[\"#vacation\"]", tagged.path("tags").toString());
        JsonNode found = call(new StoreOperations.Tags(), shell, "{\"tag\":\"#vacation\"}");
        assertEquals(photo.uuid().toString(), found.path("content_uuids").get(0).asText());

        JsonNode album = call(new StoreOperations.CollectionCreate(), PHOTOS, "{\"name\":\"Summer\"}");
        String collection = album.path("uuid").asText();
        call(new StoreOperations.CollectionAdd(), shell,
                "{\"collection_uuid\":\"" + collection + "\",\"content_uuid\":\"" + photo.uuid() + "\"}");
        JsonNode items = call(new StoreOperations.CollectionItems(), shell, "{\"collection_uuid\":\"" + collection + "\"}");
        assertEquals("content", items.get(0).path("kind").asText());

        OperationException bad = assertThrows(OperationException.class, () -> call(new StoreOperations.CollectionAdd(),
                shell, "{\"collection_uuid\":\"" + UUID.randomUUID() + "\",\"content_uuid\":\"" + photo.uuid() + "\"}"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, bad.code());
    }
}

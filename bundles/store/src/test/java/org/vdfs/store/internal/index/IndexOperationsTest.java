package org.vdfs.store.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.IndexListener;
import org.vdfs.store.internal.StoreService;
import org.vdfs.store.internal.TestStores;

/** The location and entry operations as the registry calls them: JSON in, JSON out. */
class IndexOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("shell");

    @TempDir
    Path dir;

    private StoreService store;
    private LocationIndexerService indexer;

    @BeforeEach
    void start() throws Exception {
        store = TestStores.start(dir.resolve("store"));
        indexer = new LocationIndexerService(store);
    }

    @AfterEach
    void stop() {
        TestStores.stop(store);
    }

    private JsonNode call(IndexOperations.IndexOperation op, String input) throws Exception {
        op.store = store;
        op.indexer = indexer;
        return op.invoke(new Invocation("vdfs.test", SHELL, null, input == null ? null : JSON.readTree(input)));
    }

    @Test
    void locationsEntriesAndErrorsThroughJson() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.write(tree.resolve("photo.jpg"), ExifJpeg.withExif(8, 8, 1, "Cam", "C", "2020:02:02 02:02:02", 10.5, -20.25));
        Files.writeString(tree.resolve("a.txt"), "a");

        JsonNode added = call(new IndexOperations.LocationAdd(), JSON.createObjectNode().put("path", tree.toString()).toString());
        String location = added.path("uuid").asText();
        assertEquals("tree", added.path("name").asText());
        OperationException missing = assertThrows(OperationException.class, () -> call(new IndexOperations.LocationAdd(),
                JSON.createObjectNode().put("path", dir.resolve("nope").toString()).toString()));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, missing.code());
        assertTrue(missing.getMessage().contains("no folder"), missing.getMessage());

        // without a job manager, vdfs.index says so
        OperationException noJobs = assertThrows(OperationException.class, () -> call(new IndexOperations.Index(),
                "{\"location_id\":\"" + location + "\"}"));
        assertEquals(ErrorCodes.UNAVAILABLE, noJobs.code());
        assertTrue(noJobs.getMessage().contains("no job manager"), noJobs.getMessage());

        indexer.index(null, java.util.UUID.fromString(location), null, IndexListener.NONE);
        JsonNode west = call(new IndexOperations.QueryEntries(), "{\"has_gps\":true,\"of_kind\":\"image\"}");
        assertEquals(1, west.size());
        assertEquals(-20.25, west.get(0).path("media").path("longitude").asDouble(), 1e-6);
        assertEquals("2020-02-02T02:02:02Z", west.get(0).path("media").path("taken_at").asText());
        assertEquals(2, call(new IndexOperations.QueryEntries(), "{\"in_location\":\"" + location + "\"}").size());
        assertEquals(1, call(new IndexOperations.QueryEntries(), "{\"limit\":1,\"offset\":1}").size());
        assertEquals(0, call(new IndexOperations.QueryEntries(), "{\"on_this_device\":false}").size());
        assertEquals(1, call(new IndexOperations.QueryEntries(), "{\"taken_before\":\"2021-01-01T00:00:00Z\"}").size());
        OperationException badTime = assertThrows(OperationException.class, () -> call(new IndexOperations.QueryEntries(),
                "{\"taken_after\":\"yesterday\"}"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, badTime.code());

        assertEquals(2, call(new IndexOperations.LocationList(), null).get(0).path("entries").asInt());
        call(new IndexOperations.LocationRemove(), "{\"location_id\":\"" + location + "\"}");
        assertEquals(0, call(new IndexOperations.LocationList(), null).size());
    }

    /** Keyset paging: pages read after the last entry of the previous one cover each entry once, in order. */
    @Test
    void entriesPageAfterTheLastEntryOfThePreviousPage() throws Exception {
        Path one = Files.createDirectories(dir.resolve("one/sub"));
        Path two = Files.createDirectories(dir.resolve("two"));
        for (int i = 0; i < 7; i++) {
            Files.writeString(one.resolve("f" + i), "one " + i);
            Files.writeString(two.resolve("g" + i), "two " + i);
        }
        String first = call(new IndexOperations.LocationAdd(), JSON.createObjectNode()
                .put("path", dir.resolve("one").toString()).toString()).path("uuid").asText();
        String second = call(new IndexOperations.LocationAdd(), JSON.createObjectNode()
                .put("path", two.toString()).toString()).path("uuid").asText();
        indexer.index(null, java.util.UUID.fromString(first), null, IndexListener.NONE);
        indexer.index(null, java.util.UUID.fromString(second), null, IndexListener.NONE);
        List<String> all = new ArrayList<>();
        call(new IndexOperations.QueryEntries(), "{}").forEach(e -> all.add(e.path("location_uuid").asText() + "/"
                + e.path("path").asText()));
        assertEquals(15, all.size()); // sub, 7 files below it, 7 in two

        for (String filter : new String[] { "", "\"in_location\":\"" + first + "\"," }) {
            List<String> paged = new ArrayList<>();
            JsonNode after = null;
            while (true) {
                JsonNode page = call(new IndexOperations.QueryEntries(), "{" + filter + "\"limit\":4"
                        + (after == null ? "" : ",\"after\":" + after) + "}");
                page.forEach(e -> paged.add(e.path("location_uuid").asText() + "/" + e.path("path").asText()));
                if (page.size() < 4) {
                    break;
                }
                JsonNode last = page.get(page.size() - 1);
                after = JSON.createObjectNode().put("location_uuid", last.path("location_uuid").asText())
                        .put("path", last.path("path").asText());
            }
            assertEquals(filter.isEmpty() ? all : all.subList(0, 8), paged, filter);
        }
        // a cursor in another location than the one asked for: before it, everything; after it, nothing
        JsonNode inSecond = call(new IndexOperations.QueryEntries(), "{\"in_location\":\"" + second
                + "\",\"after\":{\"location_uuid\":\"" + first + "\",\"path\":\"zzz\"}}");
        assertEquals(7, inSecond.size());
        JsonNode inFirst = call(new IndexOperations.QueryEntries(), "{\"in_location\":\"" + first
                + "\",\"after\":{\"location_uuid\":\"" + second + "\",\"path\":\"\"}}");
        assertEquals(0, inFirst.size());
        // the entry of the cursor need not exist any more: the position is what counts
        assertEquals(all.subList(3, 8), texts(call(new IndexOperations.QueryEntries(), "{\"after\":{\"location_uuid\":\""
                + first + "\",\"path\":\"sub/f1a\"},\"limit\":5}")));
        OperationException bad = assertThrows(OperationException.class, () -> call(new IndexOperations.QueryEntries(),
                "{\"after\":\"sub/f1\"}"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, bad.code());
        assertTrue(bad.getMessage().contains("location_uuid"), bad.getMessage());
    }

    private static List<String> texts(JsonNode entries) {
        List<String> list = new ArrayList<>();
        entries.forEach(e -> list.add(e.path("location_uuid").asText() + "/" + e.path("path").asText()));
        return list;
    }
}

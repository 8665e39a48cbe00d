package org.vdfs.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.EntryScope;
import org.vdfs.api.store.IndexListener;
import org.vdfs.api.store.LocationInfo;
import org.vdfs.store.internal.index.ExifJpeg;
import org.vdfs.store.internal.index.LocationIndexerService;

/** vdfs.write_sidecar / vdfs.read_sidecar on a real H2 library with an indexed folder. */
class SidecarOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("shell");

    @TempDir
    Path dir;

    private StoreService store;
    private LocationIndexerService indexer;
    private LocationInfo location;
    private Path tree;

    @BeforeEach
    void start() throws Exception {
        store = TestStores.start(dir.resolve("store"));
        indexer = new LocationIndexerService(store);
        tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("trip"));
        byte[] photo = ExifJpeg.withExif(8, 8, 1, "TestCam", "T-1", "2024:06:01 12:34:56", 48.858222, 2.2945);
        Files.write(tree.resolve("trip/paris.jpg"), photo);
        Files.write(tree.resolve("copy.JPG"), photo); // same content, second entry
        Files.writeString(tree.resolve("notes.txt"), "notes");
        location = indexer.addLocation(null, tree);
        indexer.index(null, location.uuid(), null, IndexListener.NONE);
    }

    @AfterEach
    void stop() {
        TestStores.stop(store);
    }

    private JsonNode write(String input) throws Exception {
        return call(new SidecarOperations.WriteSidecar(), input);
    }

    private JsonNode read(String input) throws Exception {
        return call(new SidecarOperations.ReadSidecar(), input);
    }

    private JsonNode call(SidecarOperations.SidecarOperation op, String input) throws Exception {
        op.store = store;
        op.indexer = indexer;
        return op.invoke(new Invocation("vdfs.test", SHELL, null, JSON.readTree(input)));
    }

    private EntryInfo entry(String path) throws Exception {
        return indexer.queryEntries(null, EntryQuery.all(100)).stream().filter(e -> e.path().equals(path))
                .findFirst().orElseThrow();
    }

    private long count(String sql) throws Exception {
        try (Connection db = LibraryConnections.open(store.library(null)); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void contentSidecarIsSeenByEveryEntryAndOverwritesReleaseTheOldBlob() throws Exception {
        EntryInfo paris = entry("trip/paris.jpg");
        EntryInfo copy = entry("copy.JPG");
        String content = paris.contentUuid().toString();

        JsonNode written = write("{\"content_uuid\":\"" + content + "\",\"kind\":\"faces\",\"document\":"
                + "{\"faces\":[{\"x\":1,\"y\":2}]}}");
        assertEquals("content", written.path("scope").asText());
        assertEquals("host:shell", written.path("written_by").asText());
        long blobsBefore = count("SELECT COUNT(*) FROM metadata_blobs");

        // both entries of the content see it
        JsonNode viaCopy = read("{\"entry_uuid\":\"" + copy.uuid() + "\",\"kind\":\"faces\"}");
        assertEquals(1, viaCopy.path("document").path("faces").get(0).path("x").asInt());
        assertEquals(content, viaCopy.path("content_uuid").asText());

        // overwrite: one link, the old document's blob is gone
        write("{\"content_uuid\":\"" + content + "\",\"kind\":\"faces\",\"document\":{\"faces\":[]}}");
        assertEquals(0, read("{\"entry_uuid\":\"" + paris.uuid() + "\",\"kind\":\"faces\"}").path("document")
                .path("faces").size());
        assertEquals(blobsBefore, count("SELECT COUNT(*) FROM metadata_blobs"));
        assertEquals(1, count("SELECT COUNT(*) FROM user_metadata_blobs WHERE blob_key = 'sidecar:faces'"));

        // the same document on an entry shares the blob (refcount 2); the entry's own wins for that entry
        write("{\"entry_uuid\":\"" + copy.uuid() + "\",\"kind\":\"faces\",\"document\":{\"faces\":[]}}");
        assertEquals(2, count("SELECT MAX(reference_count) FROM metadata_blobs"));
        assertEquals("entry", read("{\"entry_uuid\":\"" + copy.uuid() + "\",\"kind\":\"faces\"}").path("scope").asText());
        assertEquals("content", read("{\"entry_uuid\":\"" + paris.uuid() + "\",\"kind\":\"faces\"}").path("scope").asText());

        // delete (document null) releases one reference; deleting the other drops the row
        assertTrue(write("{\"entry_uuid\":\"" + copy.uuid() + "\",\"kind\":\"faces\",\"document\":null}")
                .path("deleted").asBoolean());
        assertEquals(1, count("SELECT MAX(reference_count) FROM metadata_blobs"));
        write("{\"content_uuid\":\"" + content + "\",\"kind\":\"faces\",\"document\":null}");
        assertEquals(blobsBefore - 1, count("SELECT COUNT(*) FROM metadata_blobs"));
        assertTrue(read("{\"content_uuid\":\"" + content + "\",\"kind\":\"faces\"}").isNull());
    }

    @Test
    void exifIsWhatTheIndexerReadAndCannotBeWritten() throws Exception {
        EntryInfo paris = entry("trip/paris.jpg");
        JsonNode exif = read("{\"entry_uuid\":\"" + paris.uuid() + "\",\"kind\":\"exif\"}");
        assertEquals("core", exif.path("written_by").asText());
        assertEquals(48.858222, exif.path("document").path("latitude").asDouble(), 1e-6);
        assertEquals("2024-06-01T12:34:56Z", exif.path("document").path("taken_at").asText());
        assertTrue(read("{\"entry_uuid\":\"" + entry("notes.txt").uuid() + "\",\"kind\":\"exif\"}").isNull());

        OperationException refused = assertThrows(OperationException.class, () -> write("{\"content_uuid\":\""
                + paris.contentUuid() + "\",\"kind\":\"exif\",\"document\":{}}"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, refused.code());

        // listing: exif plus what was written, by kind
        write("{\"entry_uuid\":\"" + paris.uuid() + "\",\"kind\":\"ocr\",\"document\":{\"text\":\"Louvre\"}}");
        JsonNode kinds = read("{\"entry_uuid\":\"" + paris.uuid() + "\"}");
        assertEquals(List.of("exif", "ocr"), List.of(kinds.get(0).path("kind").asText(), kinds.get(1).path("kind").asText()));
        assertTrue(kinds.get(1).path("document").isMissingNode());
    }

    @Test
    void unknownTargetsBadKindsAndBadDocumentsAreClearErrors() throws Exception {
        UUID nobody = UUID.randomUUID();
        OperationException unknown = assertThrows(OperationException.class, () -> write("{\"entry_uuid\":\""
                + nobody + "\",\"kind\":\"faces\",\"document\":{}}"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, unknown.code());
        assertTrue(unknown.getMessage().contains("has no entry " + nobody), unknown.getMessage());
        OperationException unknownContent = assertThrows(OperationException.class,
                () -> read("{\"content_uuid\":\"" + nobody + "\",\"kind\":\"faces\"}"));
        assertTrue(unknownContent.getMessage().contains("has no content " + nobody), unknownContent.getMessage());

        String content = entry("notes.txt").contentUuid().toString();
        for (String bad : List.of("{\"content_uuid\":\"" + content + "\",\"kind\":\"Faces!\",\"document\":{}}",
                "{\"content_uuid\":\"" + content + "\",\"kind\":\"faces\",\"document\":42}",
                "{\"content_uuid\":\"" + content + "\",\"kind\":\"faces\"}",
                "{\"content_uuid\":\"" + content + "\",\"entry_uuid\":\"" + nobody + "\",\"kind\":\"faces\",\"document\":{}}")) {
            OperationException e = assertThrows(OperationException.class, () -> write(bad), bad);
            assertEquals(ErrorCodes.INVALID_PAYLOAD, e.code(), bad);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM user_metadata_blobs"));
    }

    @Test
    void entriesThatGoReleaseTheirSidecarBlobs() throws Exception {
        EntryInfo notes = entry("notes.txt");
        write("{\"entry_uuid\":\"" + notes.uuid() + "\",\"kind\":\"summary\",\"document\":{\"words\":1}}");
        write("{\"entry_uuid\":\"" + entry("trip/paris.jpg").uuid() + "\",\"kind\":\"summary\",\"document\":{\"w\":2}}");
        assertEquals(2, count("SELECT COUNT(*) FROM metadata_blobs"));

        Files.delete(tree.resolve("notes.txt"));
        indexer.index(null, location.uuid(), null, IndexListener.NONE); // cleanup deletes the entry
        assertEquals(1, count("SELECT COUNT(*) FROM metadata_blobs"));

        indexer.removeLocation(null, location.uuid());
        assertEquals(0, count("SELECT COUNT(*) FROM metadata_blobs"));
    }

    @Test
    void entryScopeFiltersQueriesInSql() throws Exception {
        EntryScope jpgs = new EntryScope(List.of("**/*.jpg"), null);
        List<String> paths = indexer.queryEntries(null, EntryQuery.all(100).within(jpgs)).stream()
                .map(EntryInfo::path).toList();
        assertEquals(List.of("copy.JPG", "trip/paris.jpg"), paths); // case-insensitive, any depth, top level too
        EntryScope tripOnly = new EntryScope(List.of("**/*.jpg"), List.of(tree.toRealPath().resolve("trip").toString()));
        assertEquals(List.of("trip/paris.jpg"), indexer.queryEntries(null, EntryQuery.all(100).within(tripOnly))
                .stream().map(EntryInfo::path).toList());
        // a page is full even when the scope leaves most entries out
        assertEquals(1, indexer.queryEntries(null, new EntryQuery(null, null, null, null, null, null, 1, 1, jpgs))
                .size());
        assertEquals(0, indexer.queryEntries(null, EntryQuery.all(100).within(new EntryScope(List.of(), null))).size());
    }
}

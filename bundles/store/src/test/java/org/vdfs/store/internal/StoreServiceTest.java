package org.vdfs.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.BlobValue;
import org.vdfs.api.store.CollectionInfo;
import org.vdfs.api.store.CollectionItem;
import org.vdfs.api.store.ContentIdentity;
import org.vdfs.api.store.ContentIds;
import org.vdfs.api.store.LibraryInfo;
import org.vdfs.api.store.Model;
import org.vdfs.api.store.ModelQuery;
import org.vdfs.api.store.ModelScope;
import org.vdfs.api.store.NewModel;
import org.vdfs.api.store.StoreException;

class StoreServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StoreService store;
    private LibraryDatabase library;

    @BeforeEach
    void start() throws Exception {
        store = new StoreService();
        store.start(dir, DirectoryMigrationSource.core());
        library = (LibraryDatabase) store.library(null);
    }

    @AfterEach
    void stop() {
        store.deactivate();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String hashOf(String text) {
        return BlobStore.blake3(text.getBytes(StandardCharsets.UTF_8));
    }

    private ContentIdentity content(String text) throws StoreException {
        return library.recordContent(hashOf(text), text.length(), "image");
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection db = library.connection(); PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private UUID insertEntry(Connection db, long locationId, String path, UUID contentUuid) throws SQLException {
        UUID uuid = UUID.randomUUID();
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO entries (uuid, location_id, path, name, kind, "
                + "size_bytes, content_uuid, indexed_at) VALUES (?, ?, ?, ?, 'file', 10, ?, ?)")) {
            ps.setObject(1, uuid);
            ps.setLong(2, locationId);
            ps.setString(3, path);
            ps.setString(4, path.substring(path.lastIndexOf('/') + 1));
            ps.setObject(5, contentUuid);
            ps.setObject(6, OffsetDateTime.now());
            ps.executeUpdate();
        }
        return uuid;
    }

    private long insertLocation(Connection db, String path) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO locations (uuid, path, created_at) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, path);
            ps.setObject(3, OffsetDateTime.now());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Test
    void firstStartCreatesTheDefaultLibraryWithTheMigratedSchema() throws Exception {
        List<LibraryInfo> libraries = store.libraries();
        assertEquals(1, libraries.size());
        assertTrue(libraries.get(0).isDefault());
        assertEquals(store.defaultLibraryId(), libraries.get(0).id());
        assertTrue(Files.exists(dir.resolve("libraries").resolve(store.defaultLibraryId() + ".mv.db")));
        for (String table : List.of("ENTRIES", "LOCATIONS", "CONTENT_IDENTITIES", "USER_METADATA", "TAGS", "TAG_LINKS",
                "COLLECTIONS", "COLLECTION_ITEMS", "MODELS", "METADATA_BLOBS", "MODEL_BLOBS", "USER_METADATA_BLOBS")) {
            assertEquals(1, count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?", table), table);
        }
        assertEquals(1, count("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '1'"));
    }

    @Test
    void librariesAreCreatedListedAndKeepTheirDataAcrossCloseAndRestart() throws Exception {
        LibraryInfo work = store.createLibrary("Work");
        assertNotEquals(store.defaultLibraryId(), work.id());
        store.library(work.id()).createModel("photos", NewModel.standalone("Person", json("{\"name\":\"Alice\"}"), null));
        store.closeLibrary(work.id());
        assertFalse(store.libraries().stream().filter(l -> l.id().equals(work.id())).findFirst().orElseThrow().open());

        StoreException unknown = assertThrows(StoreException.class, () -> store.library(UUID.randomUUID()));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, unknown.code());

        assertEquals(1, store.library(work.id()).queryModels("photos", new ModelQuery("Person", true)).size());

        store.deactivate();
        store = new StoreService();
        store.start(dir, DirectoryMigrationSource.core());
        assertEquals(List.of("Default", "Work"), store.libraries().stream().map(LibraryInfo::name).toList());
        Model alice = store.library(work.id()).queryModels("photos", new ModelQuery("Person", true)).get(0);
        assertEquals("Alice", alice.data().path("name").asText());
    }

    @Test
    void aClosedLibraryHandleSaysSo() throws Exception {
        store.closeLibrary(store.defaultLibraryId());
        StoreException e = assertThrows(StoreException.class, () -> library.tagsOfContent(UUID.randomUUID()));
        assertEquals(ErrorCodes.UNAVAILABLE, e.code());
    }

    @Test
    void theScopeCheckRejectsAModelWithTwoScopes() throws Exception {
        ContentIdentity photo = content("photo");
        try (Connection db = library.connection()) {
            long metadata;
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO user_metadata (uuid, created_at, updated_at) "
                    + "VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setObject(1, UUID.randomUUID());
                ps.executeUpdate();
                ResultSet keys = ps.getGeneratedKeys();
                keys.next();
                metadata = keys.getLong(1);
            }
            PreparedStatement twoScopes = db.prepareStatement("INSERT INTO models (uuid, extension_id, model_type, "
                    + "data, content_identity_uuid, standalone, metadata_id, sync_strategy, created_at, updated_at) "
                    + "VALUES (?, 'photos', 'X', '{}', ?, TRUE, ?, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            twoScopes.setObject(1, UUID.randomUUID());
            twoScopes.setObject(2, photo.uuid());
            twoScopes.setLong(3, metadata);
            SQLException e = assertThrows(SQLException.class, twoScopes::executeUpdate);
            assertTrue(e.getMessage().toUpperCase().contains("MODELS_SCOPE"), e.getMessage());
        }
    }

    @Test
    void allThreeScopesRoundTrip() throws Exception {
        ContentIdentity photo = content("photo");
        UUID entry;
        try (Connection db = library.connection()) {
            entry = insertEntry(db, insertLocation(db, "/pictures"), "a/photo.jpg", photo.uuid());
        }
        Model analysis = library.createModel("photos",
                NewModel.forContent("PhotoAnalysis", photo.uuid(), json("{\"faces\":2}"), null));
        Model person = library.createModel("photos", NewModel.standalone("Person", json("{\"name\":\"Bob\"}"), null));
        Model edit = library.createModel("photos",
                NewModel.forEntry("LocalEditState", entry, json("{\"processing_state\":\"done\"}"), null));

        Model a = library.modelByContent("photos", "PhotoAnalysis", photo.uuid(), false).orElseThrow();
        assertEquals(analysis.uuid(), a.uuid());
        assertEquals(ModelScope.CONTENT, a.scope());
        assertEquals(photo.uuid(), a.contentUuid());
        assertEquals(2, a.data().path("faces").asInt());

        Model p = library.model("photos", person.uuid(), false).orElseThrow();
        assertEquals(ModelScope.STANDALONE, p.scope());
        assertEquals("Bob", p.data().path("name").asText());

        Model e = library.model("photos", edit.uuid(), false).orElseThrow();
        assertEquals(ModelScope.ENTRY, e.scope());
        assertEquals(entry, e.entryUuid());
        assertEquals(0, count("SELECT sync_strategy FROM models WHERE uuid = ?", edit.uuid()));
        assertEquals(1, count("SELECT sync_strategy FROM models WHERE uuid = ?", person.uuid()));
    }

    @Test
    void aContentModelNeedsKnownContent() {
        StoreException e = assertThrows(StoreException.class, () -> library.createModel("photos",
                NewModel.forContent("PhotoAnalysis", UUID.randomUUID(), JSON.createObjectNode(), null)));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, e.code());
        assertTrue(e.getMessage().contains("has no content"), e.getMessage());
    }

    @Test
    void aContentModelSurvivesTheDeletionOfEveryEntryOfItsContent() throws Exception {
        ContentIdentity photo = content("vacation");
        try (Connection db = library.connection()) {
            long location = insertLocation(db, "/phone");
            insertEntry(db, location, "dcim/1.jpg", photo.uuid());
            insertEntry(db, location, "backup/1.jpg", photo.uuid());
        }
        Model analysis = library.createModel("photos",
                NewModel.forContent("PhotoAnalysis", photo.uuid(), json("{\"scene\":\"beach\"}"), null));
        try (Connection db = library.connection(); Statement st = db.createStatement()) {
            // removing the device: its location and all entries go
            assertEquals(1, st.executeUpdate("DELETE FROM locations"));
        }
        assertEquals(0, count("SELECT COUNT(*) FROM entries"));
        Model kept = library.modelByContent("photos", "PhotoAnalysis", photo.uuid(), true).orElseThrow();
        assertEquals(analysis.uuid(), kept.uuid());
        assertEquals("beach", kept.data().path("scene").asText());
    }

    @Test
    void blobsAreDeduplicatedCountedAndReleased() throws Exception {
        byte[] embeddings = new byte[64 * 1024];
        new Random(7).nextBytes(embeddings);
        Map<String, BlobValue> blobs = Map.of("embeddings", BlobValue.ofBytes(embeddings));
        Model alice = library.createModel("photos", NewModel.standalone("Person", json("{\"name\":\"Alice\"}"), blobs));
        Model twin = library.createModel("photos", NewModel.standalone("Person", json("{\"name\":\"Twin\"}"), blobs));

        assertEquals(1, count("SELECT COUNT(*) FROM metadata_blobs"));
        assertEquals(2, count("SELECT reference_count FROM metadata_blobs"));
        assertEquals(embeddings.length, count("SELECT size_bytes FROM metadata_blobs"));
        assertEquals(1, count("SELECT COUNT(*) FROM metadata_blobs WHERE compression = 'zstd' AND blob_hash = ?",
                BlobStore.blake3(embeddings)));

        assertTrue(library.deleteModel("photos", alice.uuid()));
        assertEquals(1, count("SELECT reference_count FROM metadata_blobs"));
        assertTrue(library.deleteModel("photos", twin.uuid()));
        assertEquals(0, count("SELECT COUNT(*) FROM metadata_blobs"));
        assertEquals(0, count("SELECT COUNT(*) FROM user_metadata"));
    }

    @Test
    void inlineOnlyQueriesLeaveBlobsUnloadedAndLazyLoadsGiveTheOriginalBack() throws Exception {
        byte[] cache = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        JsonNode faces = json("[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4}]");
        library.createModel("photos", NewModel.standalone("Person", json("{\"name\":\"Alice\"}"),
                Map.of("cache", BlobValue.ofBytes(cache), "faces", BlobValue.ofJson(faces))));
        // a highly compressible blob is stored compressed
        assertTrue(count("SELECT MIN(OCTET_LENGTH(blob_data)) FROM metadata_blobs") < 1_000);

        Model inline = library.queryModels("photos", new ModelQuery("Person", true)).get(0);
        assertEquals(List.of("cache", "faces"), inline.blobKeys());
        assertTrue(inline.blobs().isEmpty());

        Model full = library.queryModels("photos", new ModelQuery("Person", false)).get(0);
        assertArrayEquals(cache, full.blobs().get("cache").bytes());
        assertEquals(faces, JSON.readTree(full.blobs().get("faces").text()));

        BlobValue lazy = library.loadModelBlob("photos", inline.uuid(), "cache").orElseThrow();
        assertEquals(BlobValue.Type.BYTES, lazy.type());
        assertArrayEquals(cache, lazy.bytes());
        BlobValue lazyJson = library.loadModelBlob("photos", inline.uuid(), "faces").orElseThrow();
        assertEquals(BlobValue.Type.JSON, lazyJson.type());
        assertEquals(faces, JSON.readTree(lazyJson.text()));
        assertTrue(library.loadModelBlob("photos", inline.uuid(), "missing").isEmpty());
    }

    @Test
    void modelsOfATypeComeInPagesOldestFirst() throws Exception {
        List<UUID> made = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            made.add(library.createModel("photos", NewModel.standalone("Album", json("{\"n\":" + i + "}"), null)).uuid());
            library.createModel("photos", NewModel.standalone("Person", json("{}"), null)); // another type between
        }
        List<UUID> pages = new java.util.ArrayList<>();
        for (int offset = 0; offset < 9; offset += 3) {
            List<Model> page = library.queryModels("photos", new ModelQuery("Album", true, 3, offset));
            assertTrue(page.size() <= 3, page.toString());
            page.forEach(m -> pages.add(m.uuid()));
        }
        assertEquals(made, pages, "three pages of at most 3 give the 7 models, oldest first");
        assertEquals(2, library.queryModels("photos", new ModelQuery("Album", true, 10, 5)).size());
        StoreException zero = assertThrows(StoreException.class,
                () -> library.queryModels("photos", new ModelQuery("Album", true, 0, 0)));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, zero.code());
        assertThrows(StoreException.class, () -> library.queryModels("photos",
                new ModelQuery("Album", true, ModelQuery.MAX_LIMIT + 1, 0)));
        assertThrows(StoreException.class, () -> library.queryModels("photos", new ModelQuery("Album", true, 10, -1)));

        // keyset paging: each page starts after the last model of the previous one
        List<UUID> keyset = new java.util.ArrayList<>();
        UUID after = null;
        List<Model> page;
        do {
            page = library.queryModels("photos", new ModelQuery("Album", true, 3, 0, after));
            page.forEach(m -> keyset.add(m.uuid()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).uuid();
        } while (page.size() == 3);
        assertEquals(made, keyset, "pages after the last model give the 7 models once, oldest first");
        // a model of another type, or of another extension, is no cursor
        UUID person = library.queryModels("photos", new ModelQuery("Person", true)).get(0).uuid();
        StoreException wrongType = assertThrows(StoreException.class,
                () -> library.queryModels("photos", new ModelQuery("Album", true, 3, 0, person)));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, wrongType.code());
        assertThrows(StoreException.class,
                () -> library.queryModels("finance", new ModelQuery("Album", true, 3, 0, made.get(0))));
    }

    @Test
    void anExtensionSeesAndChangesOnlyItsOwnModels() throws Exception {
        ContentIdentity photo = content("shared photo");
        Model mine = library.createModel("photos", NewModel.forContent("PhotoAnalysis", photo.uuid(),
                json("{}"), Map.of("blob", BlobValue.ofBytes(new byte[] { 1, 2, 3 }))));

        assertTrue(library.queryModels("finance", new ModelQuery("PhotoAnalysis", false)).isEmpty());
        assertTrue(library.model("finance", mine.uuid(), false).isEmpty());
        assertTrue(library.modelByContent("finance", "PhotoAnalysis", photo.uuid(), false).isEmpty());
        assertTrue(library.loadModelBlob("finance", mine.uuid(), "blob").isEmpty());
        assertFalse(library.deleteModel("finance", mine.uuid()));
        StoreException tag = assertThrows(StoreException.class,
                () -> library.addTagToModel("finance", mine.uuid(), "#stolen"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, tag.code());
        CollectionInfo collection = library.createCollection("Mine");
        assertThrows(StoreException.class, () -> library.addToCollection(collection.uuid(),
                new CollectionItem(CollectionItem.Kind.MODEL, mine.uuid()), "finance"));

        assertEquals(1, library.queryModels("photos", new ModelQuery("PhotoAnalysis", true)).size());
        assertTrue(library.model("photos", mine.uuid(), true).isPresent());
    }

    @Test
    void aTagOnContentShowsOnEveryEntryOfThatContent() throws Exception {
        ContentIdentity photo = content("beach");
        ContentIdentity other = content("office");
        UUID first;
        UUID second;
        UUID unrelated;
        try (Connection db = library.connection()) {
            long location = insertLocation(db, "/home");
            first = insertEntry(db, location, "a.jpg", photo.uuid());
            second = insertEntry(db, location, "copy/a.jpg", photo.uuid());
            unrelated = insertEntry(db, location, "b.jpg", other.uuid());
        }
        library.addTagToContent(photo.uuid(), "#vacation");
        library.addTagToContent(photo.uuid(), "#vacation");
        library.addTagToContent(photo.uuid(), "#2024");

        assertEquals(List.of("#2024", "#vacation"), library.tagsOfContent(photo.uuid()));
        assertEquals(List.of("#2024", "#vacation"), library.tagsOfEntry(first));
        assertEquals(List.of("#2024", "#vacation"), library.tagsOfEntry(second));
        assertEquals(List.of(), library.tagsOfEntry(unrelated));
        assertEquals(List.of(photo.uuid()), library.contentWithTag("#vacation"));
        assertEquals(1, count("SELECT COUNT(*) FROM user_metadata WHERE content_identity_uuid = ?", photo.uuid()));
    }

    @Test
    void modelsCanBeTagged() throws Exception {
        Model person = library.createModel("photos", NewModel.standalone("Person", json("{}"), null));
        library.addTagToModel("photos", person.uuid(), "#family");
        assertEquals(List.of("#family"), library.tagsOfModel("photos", person.uuid()));
        assertTrue(library.contentWithTag("#family").isEmpty());
    }

    @Test
    void collectionsHoldEntriesContentAndModels() throws Exception {
        ContentIdentity photo = content("album photo");
        UUID entry;
        try (Connection db = library.connection()) {
            entry = insertEntry(db, insertLocation(db, "/x"), "p.jpg", photo.uuid());
        }
        Model person = library.createModel("photos", NewModel.standalone("Person", json("{}"), null));
        CollectionInfo album = library.createCollection("Summer");
        library.addToCollection(album.uuid(), new CollectionItem(CollectionItem.Kind.ENTRY, entry), null);
        library.addToCollection(album.uuid(), new CollectionItem(CollectionItem.Kind.CONTENT, photo.uuid()), null);
        library.addToCollection(album.uuid(), new CollectionItem(CollectionItem.Kind.MODEL, person.uuid()), "photos");
        library.addToCollection(album.uuid(), new CollectionItem(CollectionItem.Kind.CONTENT, photo.uuid()), null);

        assertEquals(List.of(new CollectionItem(CollectionItem.Kind.ENTRY, entry),
                new CollectionItem(CollectionItem.Kind.CONTENT, photo.uuid()),
                new CollectionItem(CollectionItem.Kind.MODEL, person.uuid())), library.collectionItems(album.uuid()));

        StoreException missing = assertThrows(StoreException.class, () -> library.addToCollection(album.uuid(),
                new CollectionItem(CollectionItem.Kind.ENTRY, UUID.randomUUID()), null));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, missing.code());
        try (Connection db = library.connection(); Statement st = db.createStatement()) {
            SQLException none = assertThrows(SQLException.class, () -> st.executeUpdate(
                    "INSERT INTO collection_items (collection_id, added_at) VALUES (1, CURRENT_TIMESTAMP)"));
            assertTrue(none.getMessage().toUpperCase().contains("CHECK_ITEM_TYPE"), none.getMessage());
        }
    }

    @Test
    void contentUuidsAreDeterministicNameBasedUuids() {
        String hash = hashOf("same bytes");
        UUID uuid = ContentIds.fromBlake3(hash);
        assertEquals(uuid, ContentIds.fromBlake3(hash.toUpperCase()));
        assertEquals(5, uuid.version());
        assertEquals(2, uuid.variant());
        assertNotEquals(uuid, ContentIds.fromBlake3(hashOf("other bytes")));
        assertThrows(IllegalArgumentException.class, () -> ContentIds.fromBlake3("abc"));
    }
}

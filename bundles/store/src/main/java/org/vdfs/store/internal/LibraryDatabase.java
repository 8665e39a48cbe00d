package org.vdfs.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.BlobValue;
import org.vdfs.api.store.CollectionInfo;
import org.vdfs.api.store.CollectionItem;
import org.vdfs.api.store.ContentIdentity;
import org.vdfs.api.store.ContentIds;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.LibraryInfo;
import org.vdfs.api.store.Model;
import org.vdfs.api.store.ModelQuery;
import org.vdfs.api.store.ModelScope;
import org.vdfs.api.store.NewModel;
import org.vdfs.api.store.Sidecar;
import org.vdfs.api.store.StoreException;

/**
 * One library's H2 file database. Reads run concurrently; writes that touch
 * shared rows (blob reference counts, tags) run one at a time per library,
 * which is safe because an embedded H2 file belongs to this JVM alone.
 */
final class LibraryDatabase implements Library {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NAME = 255;
    private static final String MODEL_COLUMNS = "uuid, extension_id, model_type, data, entry_uuid, "
            + "content_identity_uuid, standalone, created_at, updated_at";

    private final UUID id;
    private final String name;
    private final Instant createdAt;
    private final boolean isDefault;
    private final LibraryPool pool;
    private final Object writeLock = new Object();
    private volatile boolean closed;

    /**
     * Opens (creating if needed) the database file {@code <folder>/<id>.mv.db} and migrates it.
     * H2's {@code JdbcDataSource} is used directly rather than the {@code DataSourceFactory}
     * that H2's bundle registers: the store depends on H2 itself (its SQL dialect, file URLs),
     * so importing {@code org.h2.jdbcx} states that honestly and works the same in unit tests,
     * without waiting on a service that only appears once {@code org.osgi.service.jdbc} is installed.
     */
    static LibraryDatabase open(java.nio.file.Path folder, UUID id, String name, Instant createdAt, boolean isDefault,
            MigrationSource migrations) throws StoreException {
        JdbcDataSource dataSource = new JdbcDataSource();
        // DB_CLOSE_ON_EXIT=FALSE: the store closes its databases itself (component deactivation),
        // not a JVM shutdown hook that may run while a framework is still stopping.
        // WRITE_DELAY=0: a commit reaches the file at once, so committed data (and the indexer's
        // batches behind a job checkpoint) survive a killed process.
        // QUERY_CACHE_SIZE=32: parsed statements kept per session (8 by default); the store's
        // calls use more distinct statements than that, and the pool keeps sessions (LibraryPool).
        dataSource.setURL("jdbc:h2:file:" + folder.resolve(id.toString()).toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=32");
        dataSource.setUser("vdfs");
        dataSource.setPassword("");
        LibraryPool pool = new LibraryPool(dataSource);
        try {
            Migrations.migrate(pool, migrations);
            LibraryDatabase library = new LibraryDatabase(id, name, createdAt, isDefault, pool);
            library.recordInfo();
            return library;
        } catch (RuntimeException | StoreException e) {
            pool.dispose();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(ErrorCodes.INTERNAL, "library " + id + " (" + name
                    + ") cannot be opened or migrated: " + e.getMessage(), e);
        }
    }

    private LibraryDatabase(UUID id, String name, Instant createdAt, boolean isDefault, LibraryPool pool) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
        this.isDefault = isDefault;
        this.pool = pool;
    }

    /** The library names itself inside its own database, so that a copied file still says what it is. */
    private void recordInfo() throws StoreException {
        write(db -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "MERGE INTO library_info (id, name, created_at) KEY (id) VALUES (?, ?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, name);
                ps.setObject(3, createdAt.atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            return null;
        });
    }

    void close() {
        closed = true;
        pool.dispose();
    }

    boolean isClosed() {
        return closed;
    }

    /** For tests and tools in this bundle: a raw connection to the database. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public LibraryInfo info() {
        return new LibraryInfo(id, name, createdAt, isDefault, !closed);
    }

    // ---- content

    @Override
    public ContentIdentity recordContent(String blake3Hex, long sizeBytes, String kind) throws StoreException {
        UUID uuid;
        try {
            uuid = ContentIds.fromBlake3(blake3Hex);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        String hash = blake3Hex.trim().toLowerCase(Locale.ROOT);
        String contentKind = kind == null || kind.isBlank() ? "unknown" : kind.trim();
        return write(db -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO content_identities (uuid, blake3_hash, "
                    + "size_bytes, kind, first_seen_at) SELECT ?, ?, ?, ?, ? FROM DUAL "
                    + "WHERE NOT EXISTS (SELECT 1 FROM content_identities WHERE uuid = ?)")) {
                ps.setObject(1, uuid);
                ps.setString(2, hash);
                ps.setLong(3, sizeBytes);
                ps.setString(4, contentKind);
                ps.setObject(5, now());
                ps.setObject(6, uuid);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT size_bytes, kind FROM content_identities WHERE uuid = ?")) {
                ps.setObject(1, uuid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new ContentIdentity(uuid, hash, rs.getLong(1), rs.getString(2));
                }
            }
        });
    }

    // ---- models

    @Override
    public Model createModel(String extensionId, NewModel model) throws StoreException {
        String extension = requireName("extension id", extensionId);
        String type = requireName("model_type", model.modelType());
        for (String key : model.blobs().keySet()) {
            requireName("blob field name", key);
        }
        UUID modelUuid = UUID.randomUUID();
        OffsetDateTime now = now();
        write(db -> {
            if (model.scope() == ModelScope.CONTENT && !exists(db, "content_identities", model.target())) {
                throw invalid("library `" + name + "` has no content " + model.target()
                        + ": a content-scoped model attaches to content the library already knows");
            }
            if (model.scope() == ModelScope.ENTRY && !exists(db, "entries", model.target())) {
                throw invalid("library `" + name + "` has no entry " + model.target());
            }
            long metadataId = insertModelMetadata(db, now);
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO models (uuid, extension_id, model_type, "
                    + "data, entry_uuid, content_identity_uuid, standalone, metadata_id, sync_strategy, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, modelUuid);
                ps.setString(2, extension);
                ps.setString(3, type);
                ps.setString(4, model.data().toString());
                ps.setObject(5, model.scope() == ModelScope.ENTRY ? model.target() : null);
                ps.setObject(6, model.scope() == ModelScope.CONTENT ? model.target() : null);
                ps.setBoolean(7, model.scope() == ModelScope.STANDALONE);
                ps.setLong(8, metadataId);
                // Entry-scoped models belong to the device that holds the entry; the others are shared.
                ps.setInt(9, model.scope() == ModelScope.ENTRY ? 0 : 1);
                ps.setObject(10, now);
                ps.setObject(11, now);
                ps.executeUpdate();
            }
            for (Map.Entry<String, BlobValue> blob : model.blobs().entrySet()) {
                long blobId = BlobStore.acquire(db, blob.getValue().bytes(), blob.getValue().type().label());
                try (PreparedStatement link = db.prepareStatement(
                        "INSERT INTO model_blobs (model_uuid, blob_key, blob_id, blob_type) VALUES (?, ?, ?, ?)")) {
                    link.setObject(1, modelUuid);
                    link.setString(2, blob.getKey());
                    link.setLong(3, blobId);
                    link.setString(4, blob.getValue().type().label());
                    link.executeUpdate();
                }
            }
            return null;
        });
        return model(extension, modelUuid, true).orElseThrow();
    }

    private static long insertModelMetadata(Connection db, OffsetDateTime now) throws SQLException {
        return insert(db, "INSERT INTO user_metadata (uuid, created_at, updated_at) VALUES (?, ?, ?)",
                UUID.randomUUID(), now, now);
    }

    @Override
    public Optional<Model> model(String extensionId, UUID modelUuid, boolean inlineOnly) throws StoreException {
        return read(db -> first(selectModels(db, "uuid = ? AND extension_id = ?", inlineOnly, modelUuid, extensionId)));
    }

    @Override
    public Optional<Model> modelByContent(String extensionId, String modelType, UUID contentUuid, boolean inlineOnly)
            throws StoreException {
        return read(db -> first(selectModels(db, "extension_id = ? AND model_type = ? AND content_identity_uuid = ?",
                inlineOnly, extensionId, modelType, contentUuid)));
    }

    @Override
    public List<Model> queryModels(String extensionId, ModelQuery query) throws StoreException {
        if (query.limit() < 1 || query.limit() > ModelQuery.MAX_LIMIT) {
            throw invalid("limit is 1.." + ModelQuery.MAX_LIMIT + ", got " + query.limit());
        }
        if (query.offset() < 0) {
            throw invalid("offset is 0 or more, got " + query.offset());
        }
        // Ordered by the columns of idx_models_extension (V5) so that H2 reads the page off the
        // index and stops, instead of sorting every model of the type. After a model: its id is
        // where that index is entered, so a deep page costs what the first does.
        return read(db -> {
            long afterId = 0; // ids start at 1
            if (query.after() != null) {
                try (PreparedStatement ps = db.prepareStatement(
                        "SELECT id FROM models WHERE uuid = ? AND extension_id = ? AND model_type = ?")) {
                    bind(ps, query.after(), extensionId, query.modelType());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw invalid("after: no model " + query.after() + " of type `" + query.modelType()
                                    + "` of this extension (deleted since the previous page? start again without after)");
                        }
                        afterId = rs.getLong(1);
                    }
                }
            }
            return selectModels(db, "extension_id = ? AND model_type = ? AND id > ? "
                    + "ORDER BY extension_id, model_type, id LIMIT ? OFFSET ?", query.selectInlineOnly(),
                    extensionId, query.modelType(), afterId, query.limit(), query.offset());
        });
    }

    private static Optional<Model> first(List<Model> models) {
        return models.isEmpty() ? Optional.empty() : Optional.of(models.get(0));
    }

    /** Models matching {@code where}, which may carry its own ORDER BY (else: by id). */
    private List<Model> selectModels(Connection db, String where, boolean inlineOnly, Object... args)
            throws SQLException, StoreException {
        List<Model> rows = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + MODEL_COLUMNS + " FROM models WHERE " + where
                + (where.contains("ORDER BY") ? "" : " ORDER BY id"))) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(readModel(rs));
                }
            }
        }
        if (rows.isEmpty()) {
            return rows;
        }
        // The blob fields of the whole page in one query (the uuids drive the join: one lookup each).
        Map<UUID, List<String>> keys = new HashMap<>();
        Map<UUID, Map<String, BlobValue>> blobs = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT mb.model_uuid, mb.blob_key, mb.blob_id, mb.blob_type "
                + "FROM UNNEST(CAST(? AS UUID ARRAY)) AS page(uuid) JOIN model_blobs mb ON mb.model_uuid = page.uuid "
                + "ORDER BY mb.model_uuid, mb.blob_key")) {
            ps.setObject(1, rows.stream().map(Model::uuid).toArray(UUID[]::new));
            try (ResultSet links = ps.executeQuery()) {
                while (links.next()) {
                    UUID model = links.getObject(1, UUID.class);
                    keys.computeIfAbsent(model, m -> new ArrayList<>()).add(links.getString(2));
                    if (!inlineOnly) {
                        blobs.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(links.getString(2),
                                new BlobValue(BlobValue.Type.parse(links.getString(4)), BlobStore.load(db, links.getLong(3))));
                    }
                }
            }
        }
        List<Model> models = new ArrayList<>(rows.size());
        for (Model m : rows) {
            models.add(new Model(m.uuid(), m.extensionId(), m.modelType(), m.scope(), m.entryUuid(), m.contentUuid(),
                    m.data(), List.copyOf(keys.getOrDefault(m.uuid(), List.of())),
                    Map.copyOf(blobs.getOrDefault(m.uuid(), Map.of())), m.createdAt(), m.updatedAt()));
        }
        return models;
    }

    /** A model's row, without its blob fields. */
    private static Model readModel(ResultSet rs) throws SQLException, StoreException {
        UUID uuid = rs.getObject("uuid", UUID.class);
        UUID entry = rs.getObject("entry_uuid", UUID.class);
        UUID content = rs.getObject("content_identity_uuid", UUID.class);
        ModelScope scope = rs.getBoolean("standalone") ? ModelScope.STANDALONE
                : entry != null ? ModelScope.ENTRY : ModelScope.CONTENT;
        JsonNode data;
        try {
            data = JSON.readTree(rs.getString("data"));
        } catch (JsonProcessingException e) {
            throw new StoreException(ErrorCodes.INTERNAL, "model " + uuid + " holds data that is not JSON", e);
        }
        return new Model(uuid, rs.getString("extension_id"), rs.getString("model_type"), scope, entry, content, data,
                List.of(), Map.of(), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    @Override
    public Optional<BlobValue> loadModelBlob(String extensionId, UUID modelUuid, String key) throws StoreException {
        return read(db -> {
            try (PreparedStatement ps = db.prepareStatement("SELECT mb.blob_id, mb.blob_type FROM model_blobs mb "
                    + "JOIN models m ON m.uuid = mb.model_uuid WHERE m.uuid = ? AND m.extension_id = ? "
                    + "AND mb.blob_key = ?")) {
                bind(ps, modelUuid, extensionId, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<BlobValue>empty();
                    }
                    return Optional.of(new BlobValue(BlobValue.Type.parse(rs.getString(2)),
                            BlobStore.load(db, rs.getLong(1))));
                }
            }
        });
    }

    @Override
    public boolean deleteModel(String extensionId, UUID modelUuid) throws StoreException {
        return write(db -> {
            Long metadataId = null;
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT metadata_id FROM models WHERE uuid = ? AND extension_id = ?")) {
                bind(ps, modelUuid, extensionId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        metadataId = rs.getLong(1);
                    }
                }
            }
            if (metadataId == null) {
                return false;
            }
            List<Long> blobIds = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT blob_id FROM model_blobs WHERE model_uuid = ?")) {
                ps.setObject(1, modelUuid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        blobIds.add(rs.getLong(1));
                    }
                }
            }
            // model_blobs and collection_items go with the model (ON DELETE CASCADE), tag links with its metadata.
            update(db, "DELETE FROM models WHERE uuid = ?", modelUuid);
            update(db, "DELETE FROM user_metadata WHERE id = ?", metadataId);
            for (long blobId : blobIds) {
                BlobStore.release(db, blobId);
            }
            return true;
        });
    }

    // ---- tags

    @Override
    public void addTagToContent(UUID contentUuid, String tag) throws StoreException {
        String tagName = requireName("tag", tag);
        write(db -> {
            if (!exists(db, "content_identities", contentUuid)) {
                throw invalid("library `" + name + "` has no content " + contentUuid);
            }
            long metadataId = contentMetadata(db, contentUuid);
            link(db, metadataId, tagId(db, tagName));
            return null;
        });
    }

    @Override
    public void addTagToModel(String extensionId, UUID modelUuid, String tag) throws StoreException {
        String tagName = requireName("tag", tag);
        write(db -> {
            long metadataId = modelMetadata(db, extensionId, modelUuid);
            link(db, metadataId, tagId(db, tagName));
            return null;
        });
    }

    private long contentMetadata(Connection db, UUID contentUuid) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT id FROM user_metadata WHERE content_identity_uuid = ?")) {
            ps.setObject(1, contentUuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        OffsetDateTime now = now();
        return insert(db, "INSERT INTO user_metadata (uuid, content_identity_uuid, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?)", UUID.randomUUID(), contentUuid, now, now);
    }

    private long modelMetadata(Connection db, String extensionId, UUID modelUuid) throws SQLException, StoreException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT metadata_id FROM models WHERE uuid = ? AND extension_id = ?")) {
            bind(ps, modelUuid, extensionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw noModel(extensionId, modelUuid);
                }
                return rs.getLong(1);
            }
        }
    }

    private static long tagId(Connection db, String tag) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM tags WHERE name = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        return insert(db, "INSERT INTO tags (uuid, name, created_at) VALUES (?, ?, ?)", UUID.randomUUID(), tag, now());
    }

    private static void link(Connection db, long metadataId, long tagId) throws SQLException {
        update(db, "INSERT INTO tag_links (metadata_id, tag_id, created_at) "
                + "SELECT ?, ?, ? FROM DUAL WHERE NOT EXISTS "
                + "(SELECT 1 FROM tag_links WHERE metadata_id = ? AND tag_id = ?)",
                metadataId, tagId, now(), metadataId, tagId);
    }

    @Override
    public List<String> tagsOfContent(UUID contentUuid) throws StoreException {
        return read(db -> strings(db, "SELECT t.name FROM tags t JOIN tag_links l ON l.tag_id = t.id "
                + "JOIN user_metadata m ON m.id = l.metadata_id WHERE m.content_identity_uuid = ? ORDER BY t.name",
                contentUuid));
    }

    @Override
    public List<String> tagsOfEntry(UUID entryUuid) throws StoreException {
        return read(db -> strings(db, "SELECT DISTINCT t.name FROM tags t JOIN tag_links l ON l.tag_id = t.id "
                + "JOIN user_metadata m ON m.id = l.metadata_id WHERE m.entry_uuid = ? OR m.content_identity_uuid = "
                + "(SELECT content_uuid FROM entries WHERE uuid = ?) ORDER BY t.name", entryUuid, entryUuid));
    }

    @Override
    public List<String> tagsOfModel(String extensionId, UUID modelUuid) throws StoreException {
        return read(db -> {
            long metadataId = modelMetadata(db, extensionId, modelUuid);
            return strings(db, "SELECT t.name FROM tags t JOIN tag_links l ON l.tag_id = t.id "
                    + "WHERE l.metadata_id = ? ORDER BY t.name", metadataId);
        });
    }

    @Override
    public List<UUID> contentWithTag(String tag) throws StoreException {
        return read(db -> {
            List<UUID> content = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT m.content_identity_uuid FROM user_metadata m "
                    + "JOIN tag_links l ON l.metadata_id = m.id JOIN tags t ON t.id = l.tag_id "
                    + "WHERE t.name = ? AND m.content_identity_uuid IS NOT NULL ORDER BY l.created_at, m.id")) {
                ps.setString(1, tag.trim());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        content.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return content;
        });
    }

    // ---- sidecars (SidecarRows)

    @Override
    public Sidecar writeSidecar(Sidecar.SidecarTarget target, String kind, JsonNode document, String writtenBy)
            throws StoreException {
        String writer = requireName("writer", writtenBy);
        return write(db -> SidecarRows.write(db, name, target, kind, document, writer, now()));
    }

    @Override
    public Optional<Sidecar> readSidecar(Sidecar.SidecarTarget target, String kind) throws StoreException {
        return read(db -> SidecarRows.read(db, name, target, kind));
    }

    @Override
    public List<Sidecar> sidecars(Sidecar.SidecarTarget target) throws StoreException {
        return read(db -> SidecarRows.list(db, name, target));
    }

    @Override
    public boolean deleteSidecar(Sidecar.SidecarTarget target, String kind) throws StoreException {
        return write(db -> SidecarRows.delete(db, name, target, kind));
    }

    // ---- collections

    @Override
    public CollectionInfo createCollection(String collectionName) throws StoreException {
        String checked = requireName("collection name", collectionName);
        UUID uuid = UUID.randomUUID();
        OffsetDateTime now = now();
        write(db -> update(db, "INSERT INTO collections (uuid, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                uuid, checked, now, now));
        return new CollectionInfo(uuid, checked, now.toInstant());
    }

    @Override
    public void addToCollection(UUID collectionUuid, CollectionItem item, String extensionId) throws StoreException {
        String column = itemColumn(item.kind());
        write(db -> {
            long collectionId = collectionId(db, collectionUuid);
            boolean found = switch (item.kind()) {
                case ENTRY -> exists(db, "entries", item.target());
                case CONTENT -> exists(db, "content_identities", item.target());
                case MODEL -> extensionId == null ? exists(db, "models", item.target())
                        : exists(db, "models", item.target(), extensionId);
            };
            if (!found) {
                if (item.kind() == CollectionItem.Kind.MODEL && extensionId != null) {
                    throw noModel(extensionId, item.target());
                }
                throw invalid("library `" + name + "` has no " + item.kind().label() + " " + item.target());
            }
            update(db, "INSERT INTO collection_items (collection_id, " + column + ", added_at) SELECT ?, ?, ? "
                    + "FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM collection_items WHERE collection_id = ? AND "
                    + column + " = ?)", collectionId, item.target(), now(), collectionId, item.target());
            return null;
        });
    }

    @Override
    public List<CollectionItem> collectionItems(UUID collectionUuid) throws StoreException {
        return read(db -> {
            long collectionId = collectionId(db, collectionUuid);
            List<CollectionItem> items = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT entry_uuid, content_uuid, model_uuid "
                    + "FROM collection_items WHERE collection_id = ? ORDER BY id")) {
                ps.setLong(1, collectionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(readItem(rs));
                    }
                }
            }
            return items;
        });
    }

    private static CollectionItem readItem(ResultSet rs) throws SQLException {
        UUID entry = rs.getObject(1, UUID.class);
        UUID content = rs.getObject(2, UUID.class);
        if (entry != null) {
            return new CollectionItem(CollectionItem.Kind.ENTRY, entry);
        }
        return content != null ? new CollectionItem(CollectionItem.Kind.CONTENT, content)
                : new CollectionItem(CollectionItem.Kind.MODEL, rs.getObject(3, UUID.class));
    }

    private static String itemColumn(CollectionItem.Kind kind) {
        return switch (kind) {
            case ENTRY -> "entry_uuid";
            case CONTENT -> "content_uuid";
            case MODEL -> "model_uuid";
        };
    }

    private long collectionId(Connection db, UUID collectionUuid) throws SQLException, StoreException {
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM collections WHERE uuid = ?")) {
            ps.setObject(1, collectionUuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw invalid("library `" + name + "` has no collection " + collectionUuid);
                }
                return rs.getLong(1);
            }
        }
    }

    // ---- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection db) throws SQLException, StoreException;
    }

    private <T> T read(Work<T> work) throws StoreException {
        try (Connection db = open()) {
            return work.run(db);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private <T> T write(Work<T> work) throws StoreException {
        synchronized (writeLock) {
            try (Connection db = open()) {
                db.setAutoCommit(false);
                try {
                    T result = work.run(db);
                    db.commit();
                    return result;
                } catch (SQLException | StoreException | RuntimeException e) {
                    db.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    private Connection open() throws SQLException, StoreException {
        if (closed) {
            throw new StoreException(ErrorCodes.UNAVAILABLE, "library `" + name + "` (" + id
                    + ") was closed; open it again through the store");
        }
        return pool.getConnection();
    }

    private StoreException failure(SQLException e) {
        // SQLSTATE class 23: a constraint refused the data, so the input was wrong.
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
            return new StoreException(ErrorCodes.INVALID_PAYLOAD, "library `" + name + "` refused the change: "
                    + e.getMessage(), e);
        }
        return new StoreException(ErrorCodes.INTERNAL, "library `" + name + "` (" + id + "): database error: "
                + e.getMessage(), e);
    }

    private StoreException noModel(String extensionId, UUID modelUuid) {
        return invalid("extension `" + extensionId + "` has no model " + modelUuid + " in library `" + name + "`");
    }

    private static StoreException invalid(String message) {
        return new StoreException(ErrorCodes.INVALID_PAYLOAD, message);
    }

    private static String requireName(String what, String value) throws StoreException {
        if (value == null || value.isBlank()) {
            throw invalid(what + " is missing or blank");
        }
        String trimmed = value.trim();
        if (trimmed.length() > MAX_NAME) {
            throw invalid(what + " is longer than " + MAX_NAME + " characters");
        }
        return trimmed;
    }

    private static boolean exists(Connection db, String table, UUID uuid) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM " + table + " WHERE uuid = ?")) {
            ps.setObject(1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean exists(Connection db, String table, UUID uuid, String extensionId) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT 1 FROM " + table + " WHERE uuid = ? AND extension_id = ?")) {
            bind(ps, uuid, extensionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<String> strings(Connection db, String sql, Object... args) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /** Runs an INSERT and returns the identity it generated. */
    static long insert(Connection db, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static Void update(Connection db, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
        return null;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}

package org.vdfs.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.Sidecar;
import org.vdfs.api.store.Sidecar.SidecarTarget;
import org.vdfs.api.store.StoreException;

/**
 * Sidecar rows: a document is a {@code metadata_blobs} row (BLAKE3-addressed, zstd,
 * reference-counted) linked from the target's {@code user_metadata} row through
 * {@code user_metadata_blobs} under the key {@code sidecar:<kind>}. Kind {@code exif} is
 * read from {@code media_metadata}, which the indexer fills. Writers hold the library's
 * write lock and a transaction.
 */
public final class SidecarRows {

    static final String KEY_PREFIX = "sidecar:";
    static final int MAX_DOCUMENT_BYTES = 16 << 20;
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SidecarRows() {
    }

    static String checkKind(String kind) throws StoreException {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw invalid("a sidecar kind is 1 to 64 of a-z, 0-9, `_`, `.`, `-`, starting with a letter or digit; got "
                    + (kind == null ? "none" : "`" + kind + "`"));
        }
        return kind;
    }

    static Sidecar write(Connection db, String library, SidecarTarget target, String kind, JsonNode document,
            String writtenBy, OffsetDateTime now) throws SQLException, StoreException {
        checkKind(kind);
        if (Sidecar.EXIF.equals(kind)) {
            throw invalid("sidecar kind `exif` is what the indexer reads from images; it cannot be written");
        }
        if (document == null || !(document.isObject() || document.isArray())) {
            throw invalid("a sidecar document is a JSON object or array");
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw invalid("the sidecar document cannot be written as JSON: " + e.getMessage());
        }
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw invalid("a sidecar document is at most " + (MAX_DOCUMENT_BYTES >> 20) + " MiB as JSON; this one is "
                    + bytes.length + " bytes");
        }
        requireTarget(db, library, target);
        long metadataId = metadataRow(db, target, now);
        String key = KEY_PREFIX + kind;
        // The new blob is acquired before the old one is released, so equal bytes keep their row.
        long blobId = BlobStore.acquire(db, bytes, "json");
        Long previous = null;
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT blob_id FROM user_metadata_blobs WHERE metadata_id = ? AND blob_key = ?")) {
            ps.setLong(1, metadataId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    previous = rs.getLong(1);
                }
            }
        }
        if (previous == null) {
            update(db, "INSERT INTO user_metadata_blobs (metadata_id, blob_key, blob_id, written_by, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?)", metadataId, key, blobId, writtenBy, now);
        } else {
            update(db, "UPDATE user_metadata_blobs SET blob_id = ?, written_by = ?, updated_at = ? "
                    + "WHERE metadata_id = ? AND blob_key = ?", blobId, writtenBy, now, metadataId, key);
            BlobStore.release(db, previous);
        }
        update(db, "UPDATE user_metadata SET updated_at = ? WHERE id = ?", now, metadataId);
        return new Sidecar(kind, target, document, writtenBy, bytes.length, now.toInstant());
    }

    static Optional<Sidecar> read(Connection db, String library, SidecarTarget target, String kind)
            throws SQLException, StoreException {
        checkKind(kind);
        UUID content = requireTarget(db, library, target);
        if (Sidecar.EXIF.equals(kind)) {
            return content == null ? Optional.empty() : exif(db, target, content);
        }
        String key = KEY_PREFIX + kind;
        // an entry's own document first, then its content's
        String sql = "SELECT b.blob_id, b.written_by, b.updated_at, m.entry_uuid FROM user_metadata_blobs b "
                + "JOIN user_metadata m ON m.id = b.metadata_id WHERE b.blob_key = ? AND "
                + (target.entry() ? "(m.entry_uuid = ? OR m.content_identity_uuid = ?) ORDER BY m.entry_uuid NULLS LAST"
                        : "m.content_identity_uuid = ?");
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setObject(2, target.uuid());
            if (target.entry()) {
                ps.setObject(3, content);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] bytes = BlobStore.load(db, rs.getLong(1));
                SidecarTarget holder = rs.getObject(4) != null ? target : SidecarTarget.content(content);
                JsonNode document;
                try {
                    document = JSON.readTree(bytes);
                } catch (IOException e) {
                    throw new StoreException(ErrorCodes.INTERNAL, "sidecar `" + kind + "` of " + holder.scope() + " "
                            + holder.uuid() + " holds bytes that are not JSON", e);
                }
                return Optional.of(new Sidecar(kind, holder, document, rs.getString(2), bytes.length,
                        rs.getObject(3, OffsetDateTime.class).toInstant()));
            }
        }
    }

    /** The kinds of the target (an entry's and its content's), documents left out; by kind. */
    static List<Sidecar> list(Connection db, String library, SidecarTarget target) throws SQLException, StoreException {
        UUID content = requireTarget(db, library, target);
        Map<String, Sidecar> byKind = new LinkedHashMap<>();
        if (content != null) {
            exif(db, target, content).ifPresent(s -> byKind.put(s.kind(), new Sidecar(s.kind(), s.target(), null,
                    s.writtenBy(), s.sizeBytes(), s.updatedAt())));
        }
        String sql = "SELECT b.blob_key, b.written_by, b.updated_at, m.entry_uuid, mb.size_bytes "
                + "FROM user_metadata_blobs b JOIN user_metadata m ON m.id = b.metadata_id "
                + "JOIN metadata_blobs mb ON mb.id = b.blob_id WHERE b.blob_key LIKE 'sidecar:%' AND "
                + (target.entry() ? "(m.entry_uuid = ? OR m.content_identity_uuid = ?)" : "m.content_identity_uuid = ?")
                + " ORDER BY m.entry_uuid NULLS LAST, b.blob_key";
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setObject(1, target.uuid());
            if (target.entry()) {
                ps.setObject(2, content);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1).substring(KEY_PREFIX.length());
                    SidecarTarget holder = rs.getObject(4) != null ? target : SidecarTarget.content(content);
                    byKind.putIfAbsent(kind, new Sidecar(kind, holder, null, rs.getString(2), rs.getLong(5),
                            rs.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
        }
        List<Sidecar> out = new ArrayList<>(byKind.values());
        out.sort((a, b) -> a.kind().compareTo(b.kind()));
        return out;
    }

    static boolean delete(Connection db, String library, SidecarTarget target, String kind)
            throws SQLException, StoreException {
        checkKind(kind);
        if (Sidecar.EXIF.equals(kind)) {
            throw invalid("sidecar kind `exif` is what the indexer reads from images; it cannot be deleted");
        }
        requireTarget(db, library, target);
        try (PreparedStatement ps = db.prepareStatement("SELECT b.metadata_id, b.blob_id FROM user_metadata_blobs b "
                + "JOIN user_metadata m ON m.id = b.metadata_id WHERE b.blob_key = ? AND "
                + (target.entry() ? "m.entry_uuid = ?" : "m.content_identity_uuid = ?"))) {
            ps.setString(1, KEY_PREFIX + kind);
            ps.setObject(2, target.uuid());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                update(db, "DELETE FROM user_metadata_blobs WHERE metadata_id = ? AND blob_key = ?", rs.getLong(1),
                        KEY_PREFIX + kind);
                BlobStore.release(db, rs.getLong(2));
                return true;
            }
        }
    }

    /**
     * For code that deletes entries in bulk (the indexer's cleanup, removing a location): deleting
     * an entry drops its {@code user_metadata} row and links by cascade, which would leave their
     * blobs' reference counts behind. This deletes the sidecars of the entries {@code entryWhere}
     * selects (a condition on {@code e}, the entries) first, the way {@link Library#deleteSidecar} does.
     */
    public static void deleteOfEntries(Library library, Connection db, String entryWhere, Object... args)
            throws SQLException, StoreException {
        List<Object[]> found = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT e.uuid, b.blob_key FROM entries e "
                + "JOIN user_metadata m ON m.entry_uuid = e.uuid JOIN user_metadata_blobs b ON b.metadata_id = m.id "
                + "WHERE b.blob_key LIKE 'sidecar:%' AND " + entryWhere)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Object[] { rs.getObject(1, UUID.class), rs.getString(2) });
                }
            }
        }
        for (Object[] f : found) {
            library.deleteSidecar(SidecarTarget.entry((UUID) f[0]), ((String) f[1]).substring(KEY_PREFIX.length()));
        }
    }

    private static Optional<Sidecar> exif(Connection db, SidecarTarget target, UUID content) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT taken_at, latitude, longitude, camera_make, "
                + "camera_model, width, height, extracted_at FROM media_metadata WHERE content_uuid = ?")) {
            ps.setObject(1, content);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ObjectNode doc = JSON.createObjectNode();
                OffsetDateTime taken = rs.getObject(1, OffsetDateTime.class);
                doc.put("taken_at", taken == null ? null : taken.toInstant().toString());
                doc.put("latitude", rs.getObject(2, Double.class));
                doc.put("longitude", rs.getObject(3, Double.class));
                doc.put("camera_make", rs.getString(4));
                doc.put("camera_model", rs.getString(5));
                doc.put("width", rs.getObject(6, Integer.class));
                doc.put("height", rs.getObject(7, Integer.class));
                return Optional.of(new Sidecar(Sidecar.EXIF, SidecarTarget.content(content), doc, "core",
                        doc.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                        rs.getObject(8, OffsetDateTime.class).toInstant()));
            }
        }
    }

    /** Fails for a target the library lacks; returns the content (of an entry: its content, maybe null). */
    private static UUID requireTarget(Connection db, String library, SidecarTarget target)
            throws SQLException, StoreException {
        if (target == null || target.uuid() == null) {
            throw invalid("a sidecar needs a content or entry uuid");
        }
        String sql = target.entry() ? "SELECT content_uuid FROM entries WHERE uuid = ?"
                : "SELECT uuid FROM content_identities WHERE uuid = ?";
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setObject(1, target.uuid());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw invalid("library `" + library + "` has no " + target.scope() + " " + target.uuid());
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private static long metadataRow(Connection db, SidecarTarget target, OffsetDateTime now) throws SQLException {
        String column = target.entry() ? "entry_uuid" : "content_identity_uuid";
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM user_metadata WHERE " + column + " = ?")) {
            ps.setObject(1, target.uuid());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        return LibraryDatabase.insert(db, "INSERT INTO user_metadata (uuid, " + column + ", created_at, updated_at) "
                + "VALUES (?, ?, ?, ?)", UUID.randomUUID(), target.uuid(), now, now);
    }

    private static void update(Connection db, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private static StoreException invalid(String message) {
        return new StoreException(ErrorCodes.INVALID_PAYLOAD, message);
    }
}

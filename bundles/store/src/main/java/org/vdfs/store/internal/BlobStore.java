package org.vdfs.store.internal;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.vdfs.store.internal.hash.Blake3;

/**
 * Content-addressed, zstd-compressed, reference-counted rows of
 * {@code metadata_blobs}. Callers hold the library's write lock and a transaction.
 */
final class BlobStore {

    static final String COMPRESSION = "zstd";

    private BlobStore() {
    }

    /** Lower-case hex BLAKE3 of the bytes. */
    static String blake3(byte[] bytes) {
        return Blake3.hexHash(bytes);
    }

    /** Stores the bytes, or counts one more reference to the same bytes stored before; returns the row id. */
    static long acquire(Connection db, byte[] bytes, String blobType) throws SQLException {
        String hash = blake3(bytes);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement find = db.prepareStatement("SELECT id FROM metadata_blobs WHERE blob_hash = ?")) {
            find.setString(1, hash);
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    long id = rs.getLong(1);
                    try (PreparedStatement up = db.prepareStatement("UPDATE metadata_blobs SET reference_count = "
                            + "reference_count + 1, last_accessed_at = ? WHERE id = ?")) {
                        up.setObject(1, now);
                        up.setLong(2, id);
                        up.executeUpdate();
                    }
                    return id;
                }
            }
        }
        return LibraryDatabase.insert(db, "INSERT INTO metadata_blobs (blob_hash, blob_data, blob_type, size_bytes, "
                + "compression, reference_count, created_at, last_accessed_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                hash, compress(bytes), blobType, (long) bytes.length, COMPRESSION, now, now);
    }

    /** Drops one reference; the row goes when none is left. */
    static void release(Connection db, long blobId) throws SQLException {
        try (PreparedStatement down = db.prepareStatement(
                "UPDATE metadata_blobs SET reference_count = reference_count - 1 WHERE id = ?")) {
            down.setLong(1, blobId);
            down.executeUpdate();
        }
        try (PreparedStatement gone = db.prepareStatement(
                "DELETE FROM metadata_blobs WHERE id = ? AND reference_count <= 0")) {
            gone.setLong(1, blobId);
            gone.executeUpdate();
        }
    }

    /** The original bytes of a blob row. */
    static byte[] load(Connection db, long blobId) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT blob_data, size_bytes, compression FROM metadata_blobs WHERE id = ?")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("metadata_blobs has no row " + blobId);
                }
                byte[] stored = rs.getBytes(1);
                String compression = rs.getString(3);
                if (compression == null) {
                    return stored;
                }
                if (!COMPRESSION.equals(compression)) {
                    throw new SQLException("blob " + blobId + " uses compression `" + compression
                            + "`, which this store cannot read (it reads zstd)");
                }
                return decompress(stored, Math.toIntExact(rs.getLong(2)));
            }
        }
    }

    static byte[] compress(byte[] bytes) {
        ZstdCompressor zstd = new ZstdCompressor();
        byte[] out = new byte[zstd.maxCompressedLength(bytes.length)];
        int length = zstd.compress(bytes, 0, bytes.length, out, 0, out.length);
        return Arrays.copyOf(out, length);
    }

    static byte[] decompress(byte[] frame, int originalSize) {
        byte[] out = new byte[originalSize];
        int length = new ZstdDecompressor().decompress(frame, 0, frame.length, out, 0, out.length);
        return length == originalSize ? out : Arrays.copyOf(out, length);
    }
}

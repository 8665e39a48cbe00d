package org.vdfs.store.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.IndexListener;
import org.vdfs.api.store.IndexStats;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.LocationInfo;
import org.vdfs.api.store.MediaMetadata;
import org.vdfs.api.store.StoreException;
import org.vdfs.api.store.VdfsStore;
import org.vdfs.store.internal.LibraryConnections;
import org.vdfs.store.internal.SidecarRows;

/** Locations, their indexing ({@link IndexRun}) and entry queries, on the libraries of the store. */
@Component(service = LocationIndexer.class)
public class LocationIndexerService implements LocationIndexer {

    static final Set<String> ENTRY_KINDS = Set.of("file", "directory", "symlink");
    static final Set<String> CONTENT_KINDS = Set.of("image", "video", "audio", "document", "text", "archive",
            "unknown");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference
    VdfsStore store;

    /** Locations being indexed, as {@code <library>/<location>}: one run at a time each. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Opens files for hashing; tests replace it to make a file unreadable where permissions cannot (root). */
    IndexRun.Opener opener = file -> Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS);

    public LocationIndexerService() {
    }

    /** For tests: an indexer on a store built by hand. */
    public LocationIndexerService(VdfsStore store) {
        this.store = store;
    }

    private record Location(long id, UUID uuid, String name, Path path) {
    }

    @Override
    public LocationInfo addLocation(UUID libraryId, Path folder) throws StoreException {
        if (folder == null || !folder.isAbsolute()) {
            throw invalid("a location is an absolute folder path, got `" + folder + "`");
        }
        if (!Files.isDirectory(folder)) {
            throw invalid(Files.exists(folder) ? "`" + folder + "` is not a folder" : "there is no folder `" + folder + "`");
        }
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            throw invalid("the folder `" + folder + "` cannot be resolved: " + e.getMessage());
        }
        Library library = store.library(libraryId);
        UUID uuid = UUID.randomUUID();
        String name = real.getFileName() == null ? real.toString() : real.getFileName().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection db = LibraryConnections.open(library)) {
            try (PreparedStatement ps = db.prepareStatement("SELECT uuid FROM locations WHERE path = ?")) {
                ps.setString(1, real.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw invalid("library `" + library.info().name() + "` already has `" + real
                                + "` as location " + rs.getObject(1, UUID.class)
                                + (real.equals(folder) ? "" : " (`" + folder + "` leads there)"));
                    }
                }
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO locations (uuid, name, path, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setObject(1, uuid);
                ps.setString(2, name);
                ps.setString(3, real.toString());
                ps.setObject(4, now.atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure(library, e);
        }
        return new LocationInfo(uuid, name, real.toString(), now, 0);
    }

    @Override
    public List<LocationInfo> locations(UUID libraryId) throws StoreException {
        Library library = store.library(libraryId);
        List<LocationInfo> list = new ArrayList<>();
        try (Connection db = LibraryConnections.open(library);
                PreparedStatement ps = db.prepareStatement("SELECT l.uuid, l.name, l.path, l.created_at, "
                        + "(SELECT COUNT(*) FROM entries e WHERE e.location_id = l.id) FROM locations l ORDER BY l.id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(new LocationInfo(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5)));
            }
        } catch (SQLException e) {
            throw failure(library, e);
        }
        return list;
    }

    @Override
    public Optional<Path> locationFolder(UUID libraryId, UUID locationUuid) throws StoreException {
        Library library = store.library(libraryId);
        try (Connection db = LibraryConnections.open(library);
                PreparedStatement ps = db.prepareStatement("SELECT path FROM locations WHERE uuid = ?")) {
            ps.setObject(1, locationUuid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Path.of(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(library, e);
        }
    }

    @Override
    public void removeLocation(UUID libraryId, UUID locationUuid) throws StoreException {
        Library library = store.library(libraryId);
        String key = library.info().id() + "/" + locationUuid;
        if (!running.add(key)) {
            throw new StoreException(ErrorCodes.UNAVAILABLE, "location " + locationUuid
                    + " is being indexed; stop that first");
        }
        try (Connection db = LibraryConnections.open(library)) {
            Location location = location(db, library, locationUuid);
            // entry-scoped models hold their entries (no cascade): they go as the library deletes models
            List<String[]> models = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT m.extension_id, m.uuid FROM models m "
                    + "JOIN entries e ON e.uuid = m.entry_uuid WHERE e.location_id = ?")) {
                ps.setLong(1, location.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        models.add(new String[] { rs.getString(1), rs.getString(2) });
                    }
                }
            }
            for (String[] model : models) {
                library.deleteModel(model[0], UUID.fromString(model[1]));
            }
            SidecarRows.deleteOfEntries(library, db, "e.location_id = ?", location.id());
            // entries go with the location (ON DELETE CASCADE), their tags and collection items with them
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM locations WHERE id = ?")) {
                ps.setLong(1, location.id());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure(library, e);
        } finally {
            running.remove(key);
        }
    }

    @Override
    public IndexStats index(UUID libraryId, UUID locationUuid, String resumeState, IndexListener listener)
            throws StoreException {
        Library library = store.library(libraryId);
        JsonNode state = null;
        if (resumeState != null && !resumeState.isBlank()) {
            try {
                state = JSON.readTree(resumeState);
            } catch (IOException e) {
                throw invalid("the indexing state to resume from is not JSON: " + e.getMessage());
            }
            String named = state.path("location_id").asText(locationUuid.toString());
            if (!named.equals(locationUuid.toString())) {
                throw invalid("the indexing state to resume from is of location " + named + ", not " + locationUuid);
            }
        }
        String key = library.info().id() + "/" + locationUuid;
        if (!running.add(key)) {
            throw new StoreException(ErrorCodes.UNAVAILABLE, "location " + locationUuid + " is being indexed already");
        }
        try (Connection db = LibraryConnections.open(library)) {
            Location location = location(db, library, locationUuid);
            if (!Files.isDirectory(location.path())) {
                throw invalid("the folder of location " + locationUuid + " is missing: " + location.path()
                        + " (its entries are kept; remove the location to drop them)");
            }
            IndexRun run = new IndexRun(library, location.id(), locationUuid, location.path(), state,
                    listener == null ? IndexListener.NONE : listener, opener);
            return run.execute(db);
        } catch (SQLException e) {
            throw failure(library, e);
        } finally {
            running.remove(key);
        }
    }

    @Override
    public Optional<EntryInfo> entry(UUID libraryId, UUID entryUuid) throws StoreException {
        return select(libraryId, null, " AND e.uuid = ?", List.of(entryUuid), 1, 0, null, null).stream().findFirst();
    }

    @Override
    public List<EntryInfo> queryEntries(UUID libraryId, EntryQuery query) throws StoreException {
        if (query.limit() < 1 || query.limit() > EntryQuery.MAX_LIMIT) {
            throw invalid("limit is 1.." + EntryQuery.MAX_LIMIT + ", got " + query.limit());
        }
        if (query.offset() < 0) {
            throw invalid("offset is 0 or more, got " + query.offset());
        }
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (query.kind() != null) {
            if (ENTRY_KINDS.contains(query.kind())) {
                where.append(" AND e.kind = ?");
            } else if (CONTENT_KINDS.contains(query.kind())) {
                where.append(" AND c.kind = ?");
            } else {
                throw invalid("kind `" + query.kind() + "` is none of " + ENTRY_KINDS + " (entries) or "
                        + CONTENT_KINDS + " (content)");
            }
            args.add(query.kind());
        }
        if (query.contentUuid() != null) {
            where.append(" AND e.content_uuid = ?");
            args.add(query.contentUuid());
        }
        if (query.hasGps() != null) {
            where.append(query.hasGps() ? " AND m.latitude IS NOT NULL AND m.longitude IS NOT NULL"
                    : " AND (m.latitude IS NULL OR m.longitude IS NULL)");
        }
        if (query.takenAfter() != null) {
            where.append(" AND m.taken_at >= ?");
            args.add(query.takenAfter().atOffset(ZoneOffset.UTC));
        }
        if (query.takenBefore() != null) {
            where.append(" AND m.taken_at < ?");
            args.add(query.takenBefore().atOffset(ZoneOffset.UTC));
        }
        // a caller's path scope (PermissionGuard#entryScope), in SQL so that pages stay full
        String globs = query.scope().globRegex();
        if (globs != null) {
            where.append(" AND REGEXP_LIKE(e.path, ?)");
            args.add(globs);
        }
        String folders = query.scope().folderRegex();
        if (folders != null) {
            where.append(" AND REGEXP_LIKE(CASE WHEN l.path LIKE '%/' THEN l.path ELSE l.path || '/' END || e.path, ?)");
            args.add(folders);
        }
        if ((query.afterLocation() == null) != (query.afterPath() == null)) {
            throw invalid("after needs both the location and the path of the last entry of the previous page");
        }
        return select(libraryId, query.location(), where.toString(), args, query.limit(), query.offset(),
                query.afterLocation(), query.afterPath());
    }

    /** Entries of the location (if any) matching {@code where} (AND clauses over e, l, c, m), by location and path. */
    private List<EntryInfo> select(UUID libraryId, UUID location, String where, List<Object> whereArgs, int limit,
            int offset, UUID afterLocation, String afterPath) throws StoreException {
        Library library = store.library(libraryId);
        try (Connection db = LibraryConnections.open(library)) {
            StringBuilder filter = new StringBuilder();
            List<Object> args = new ArrayList<>();
            // After an entry (keyset paging): the page starts past (location, path) in the index order,
            // so H2 seeks there instead of reading through an offset.
            long afterId = afterLocation == null ? 0 : location(db, library, afterLocation).id();
            if (location != null) {
                // An unknown location is an error, not an empty list. The filter is on the entries' own
                // columns, both of the unique (location_id, path) index: H2 then reads the page off that
                // index in order and stops. Given location_id alone it may take the foreign key's index,
                // of the same cost to it, and sort the whole location.
                long id = location(db, library, location).id();
                filter.append(" AND e.location_id = ?");
                args.add(id);
                if (afterLocation != null && afterId == id) {
                    filter.append(" AND e.path > ?");
                    args.add(afterPath);
                } else if (afterLocation != null && afterId > id) {
                    return List.of(); // the cursor is past this location
                } else {
                    filter.append(" AND e.path >= ''");
                }
            } else if (afterLocation != null) {
                filter.append(" AND (e.location_id > ? OR (e.location_id = ? AND e.path > ?))");
                args.add(afterId);
                args.add(afterId);
                args.add(afterPath);
            }
            filter.append(where);
            args.addAll(whereArgs);
            args.add(limit);
            args.add(offset);
            String sql = "SELECT e.uuid, l.uuid, e.path, e.name, e.kind, e.size_bytes, "
                    + "e.created_at, e.modified_at, e.indexed_at, e.content_uuid, c.kind, m.content_uuid, m.taken_at, "
                    + "m.latitude, m.longitude, m.camera_make, m.camera_model, m.width, m.height FROM entries e "
                    + "JOIN locations l ON l.id = e.location_id "
                    + "LEFT JOIN content_identities c ON c.uuid = e.content_uuid "
                    + "LEFT JOIN media_metadata m ON m.content_uuid = e.content_uuid WHERE TRUE" + filter
                    + " ORDER BY e.location_id, e.path LIMIT ? OFFSET ?";
            List<EntryInfo> entries = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                }
            }
            return entries;
        } catch (SQLException e) {
            throw failure(library, e);
        }
    }

    private static EntryInfo entry(ResultSet rs) throws SQLException {
        MediaMetadata media = null;
        if (rs.getObject(12) != null) {
            media = new MediaMetadata(instant(rs, 13), (Double) rs.getObject(14, Double.class),
                    rs.getObject(15, Double.class), rs.getString(16), rs.getString(17), rs.getObject(18, Integer.class),
                    rs.getObject(19, Integer.class));
        }
        return new EntryInfo(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getLong(6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                rs.getObject(10, UUID.class), rs.getString(11), media);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static Location location(Connection db, Library library, UUID uuid) throws SQLException, StoreException {
        try (PreparedStatement ps = db.prepareStatement("SELECT id, name, path FROM locations WHERE uuid = ?")) {
            ps.setObject(1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw invalid("library `" + library.info().name() + "` has no location " + uuid);
                }
                return new Location(rs.getLong(1), uuid, rs.getString(2), Path.of(rs.getString(3)));
            }
        }
    }

    private static StoreException invalid(String message) {
        return new StoreException(ErrorCodes.INVALID_PAYLOAD, message);
    }

    private static StoreException failure(Library library, SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
            return new StoreException(ErrorCodes.INVALID_PAYLOAD, "library `" + library.info().name()
                    + "` refused the change: " + e.getMessage(), e);
        }
        return new StoreException(ErrorCodes.INTERNAL, "library `" + library.info().name() + "` ("
                + library.info().id() + "): database error: " + e.getMessage(), e);
    }
}

package org.vdfs.store.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.vdfs.api.store.ContentIds;
import org.vdfs.api.store.IndexListener;
import org.vdfs.api.store.IndexStats;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.MediaMetadata;
import org.vdfs.api.store.StoreException;
import org.vdfs.store.internal.SidecarRows;
import org.vdfs.store.internal.hash.Blake3;
import org.vdfs.store.internal.hash.Blake3Hasher;

/**
 * One indexing run of one location, in two phases:
 * <ol>
 * <li><b>scan</b>: a depth-first walk in a fixed order (siblings sorted by name), never following
 * symbolic links. Each entry is compared with its row; new and changed files are hashed (BLAKE3,
 * streaming) unless a vanished file of the same size and modification time gives their content (a
 * move); unchanged entries are only marked as seen by this run. Work is committed in batches and
 * each commit is checkpointed with the last path done (the cursor): a resumed run skips everything up
 * to the cursor without looking at it again.</li>
 * <li><b>cleanup</b>: entries not seen by the run are gone from disk and are deleted (with their
 * entry-scoped models). Idempotent, so a resumed cleanup just runs again.</li>
 * </ol>
 * Files are always opened through the {@link Path} the directory listing gave, never through a
 * path rebuilt from a string, so names that are not valid UTF-8 (which Java decodes with U+FFFD)
 * are still read.
 * <p>
 * The SQL is what bounds the speed on small files, so the run prepares its statements once, reads
 * the existing rows of a folder's children in one query per {@value #ROWS_CHUNK} names, and queues
 * its changes in JDBC batches that are executed just before each commit (contents first, since
 * entries refer to them). A checkpoint therefore still follows a commit of everything before it.
 */
final class IndexRun {

    static final String SCAN = "scan";
    static final String CLEANUP = "cleanup";

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Entries per commit: the first batch is small, each next one twice the size up to the largest.
     * A commit writes every index page the batch changed, and entries land on random pages of the
     * content indexes (uuids from hashes), so large batches share most of that cost.
     */
    private static final int FIRST_BATCH = 1000;
    private static final int LARGEST_BATCH = 64_000;
    /** How many children of a folder have their rows read in one query. */
    private static final int ROWS_CHUNK = 1000;
    /** Rows per INSERT of arrays: large enough that the statement's own cost is spread thin. */
    private static final int ROWS_PER_INSERT = 1000;
    /** H2's order of uuids: unsigned, most significant half first ({@link UUID#compareTo} is signed). */
    private static final Comparator<Object[]> BY_H2_UUID = Comparator.<Object[]>comparingLong(
            r -> ((UUID) r[0]).getMostSignificantBits() ^ Long.MIN_VALUE)
            .thenComparingLong(r -> ((UUID) r[0]).getLeastSignificantBits() ^ Long.MIN_VALUE);
    /** A commit at least this often, so that a crash or pause loses little work whatever the batch size. */
    private static final long BATCH_NANOS = 5_000_000_000L;
    /** Read size when hashing: large enough to keep the SIMD hasher fed, small enough to stay in L2. */
    private static final int BUFFER = 256 * 1024;
    /** While hashing one file, how often to look at {@link IndexListener#interruptRequested()}. */
    private static final long INTERRUPT_CHECK_BYTES = 16L * 1024 * 1024;

    private final Library library;
    private final long locationId;
    private final UUID locationUuid;
    private final Path root;
    private final IndexListener listener;
    private final Opener opener;
    private final long run;
    private String phase;
    /** Resuming: the last path committed before; null once the walk is past it. */
    private String resumeAfter;
    private String lastDone;

    private long walked;
    private long walkedReported;
    private long added;
    private long updated;
    private long deleted;
    private long hashed;
    private long bytesHashed;
    private long moved;
    private long mediaRead;
    private long warnings;
    private int pending;
    private int batchSize = FIRST_BATCH;
    private long lastCommit = System.nanoTime();
    private int rootChildren;
    private int rootDone;

    private Connection db;
    /** The read buffer of {@link #hash}, made on first use. */
    private ByteBuffer buffer;
    /** The first bytes of the file being hashed (its kind by magic bytes); reused, like the buffer. */
    private byte[] head;
    /** False when the location held no entry this run had not seen: then no file can have moved. */
    private boolean movesPossible = true;
    /** False when the location held no entry at all: then no path the run reaches has a row. */
    private boolean rowsPossible = true;
    /** Content whose media row is queued and not yet flushed (the table does not show it yet). */
    private final Set<UUID> mediaQueued = new HashSet<>();

    // The run's statements, prepared once (see prepare()) and closed at the end.
    private PreparedStatement selectRows;
    private PreparedStatement selectMoved;
    private PreparedStatement selectMedia;
    private PreparedStatement insertContent;
    private PreparedStatement insertMedia;
    private PreparedStatement insertEntry;
    private PreparedStatement updateEntry;
    private PreparedStatement markSeen;
    private final List<PreparedStatement> statements = new ArrayList<>();
    /** Whether changes were queued since the last flush. */
    private boolean queued;
    /** New content of the batch by uuid (a batch may meet the same content twice), flushed in one statement. */
    private final Map<UUID, Object[]> contentRows = new HashMap<>();
    /** New entries of the batch, flushed in statements of {@value #ROWS_PER_INSERT} rows. */
    private final List<Object[]> entryRows = new ArrayList<>();

    /** Signals that the run must stop: the caller checkpoints what is committed. */
    private static final class Interrupted extends Exception {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super(null, null, false, false);
        }
    }

    /** How a file is opened for hashing: {@link Files#newByteChannel} (tests make a file unreadable through it). */
    @FunctionalInterface
    interface Opener {
        ReadableByteChannel open(Path file) throws IOException;
    }

    IndexRun(Library library, long locationId, UUID locationUuid, Path root, JsonNode state, IndexListener listener,
            Opener opener) {
        this.library = library;
        this.locationId = locationId;
        this.locationUuid = locationUuid;
        this.root = root;
        this.listener = listener;
        this.opener = opener;
        boolean resume = state != null && state.hasNonNull("phase") && state.hasNonNull("run");
        this.run = resume ? state.get("run").asLong() : System.currentTimeMillis();
        this.phase = resume ? state.get("phase").asText() : SCAN;
        this.resumeAfter = resume && state.hasNonNull("cursor") ? state.get("cursor").asText() : null;
        this.lastDone = resumeAfter;
    }

    IndexStats execute(Connection connection) throws SQLException, StoreException {
        this.db = connection;
        db.setAutoCommit(false);
        try {
            prepare();
            boolean scanned = false;
            if (SCAN.equals(phase)) {
                movesPossible = entries(true);
                rowsPossible = movesPossible || entries(false);
                scan();
                scanned = true;
                phase = CLEANUP;
                lastDone = null;
                commit();
            }
            if (interrupted()) {
                return stats(false);
            }
            // A location that held no entry when this scan began holds only entries it wrote, all
            // seen: nothing to clean up (three passes over the location saved on a first index).
            if (!scanned || rowsPossible) {
                cleanup();
            }
            db.commit();
            listener.progress(1.0, message("done"));
            return stats(true);
        } catch (Interrupted e) {
            commit();
            return stats(false);
        } catch (SQLException | RuntimeException | StoreException e) {
            db.rollback();
            throw e;
        } finally {
            closeStatements();
        }
    }

    private void prepare() throws SQLException {
        // The names drive the join: one index lookup each. (H2 runs `path IN (SELECT ... UNNEST(?))`
        // as a scan of the location that re-runs the subquery per row.)
        selectRows = statement("SELECT e.path, e.id, e.kind, e.size_bytes, e.modified_at, e.content_uuid "
                + "FROM UNNEST(CAST(? AS VARCHAR ARRAY)) AS wanted(path) "
                + "JOIN entries e ON e.location_id = ? AND e.path = wanted.path");
        selectMoved = statement("SELECT path, content_uuid FROM entries "
                + "WHERE location_id = ? AND size_bytes = ? AND modified_at = ? AND kind = 'file' "
                + "AND content_uuid IS NOT NULL AND path <> ? AND (seen_run IS NULL OR seen_run <> ?)");
        selectMedia = statement("SELECT 1 FROM media_metadata WHERE content_uuid = ?");
        // Rows go in as one array per column: one statement per batch instead of one per row.
        insertContent = statement("INSERT INTO content_identities (uuid, blake3_hash, size_bytes, kind, mime_type, "
                + "first_seen_at) SELECT n.* FROM UNNEST(CAST(? AS UUID ARRAY), CAST(? AS VARCHAR ARRAY), "
                + "CAST(? AS BIGINT ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), "
                + "CAST(? AS TIMESTAMP WITH TIME ZONE ARRAY)) AS n(uuid, blake3_hash, size_bytes, kind, mime_type, "
                + "first_seen_at) WHERE NOT EXISTS (SELECT 1 FROM content_identities c WHERE c.uuid = n.uuid)");
        insertMedia = statement("INSERT INTO media_metadata (content_uuid, taken_at, latitude, longitude, "
                + "camera_make, camera_model, width, height, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertEntry = statement("INSERT INTO entries (uuid, location_id, path, name, kind, size_bytes, content_uuid, "
                + "created_at, modified_at, indexed_at, seen_run) SELECT * FROM UNNEST(CAST(? AS UUID ARRAY), "
                + "CAST(? AS BIGINT ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), "
                + "CAST(? AS VARCHAR ARRAY), CAST(? AS BIGINT ARRAY), CAST(? AS UUID ARRAY), "
                + "CAST(? AS TIMESTAMP WITH TIME ZONE ARRAY), CAST(? AS TIMESTAMP WITH TIME ZONE ARRAY), "
                + "CAST(? AS TIMESTAMP WITH TIME ZONE ARRAY), CAST(? AS BIGINT ARRAY))");
        updateEntry = statement("UPDATE entries SET kind = ?, size_bytes = ?, content_uuid = ?, created_at = ?, "
                + "modified_at = ?, indexed_at = ?, seen_run = ? WHERE id = ?");
        markSeen = statement("UPDATE entries SET seen_run = ? WHERE id = ?");
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = db.prepareStatement(sql);
        statements.add(ps);
        return ps;
    }

    private void closeStatements() {
        for (PreparedStatement ps : statements) {
            try {
                ps.close();
            } catch (SQLException e) {
                // closing a statement of a connection that goes back to the pool anyway
            }
        }
        statements.clear();
    }

    /**
     * Whether the location holds entries, or ({@code unseen}) entries this run has not seen: only
     * those can be a moved file's. A resumed run has seen all it wrote; what it did not write has no row.
     */
    private boolean entries(boolean unseen) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM entries WHERE location_id = ?"
                + (unseen ? " AND (seen_run IS NULL OR seen_run <> ?)" : "") + " LIMIT 1")) {
            ps.setLong(1, locationId);
            if (unseen) {
                ps.setLong(2, run);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Queues a change in the statement's batch; it runs at the next {@link #flush()}. */
    private void queue(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        ps.addBatch();
        queued = true;
    }

    /** Runs the queued batches: content and its media before the entries that refer to them. */
    private void flush() throws SQLException {
        if (!queued) {
            return;
        }
        // Content sorted by uuid: consecutive rows land on the same pages of the uuid index, so each
        // page store H2 makes during the batch writes a few of its pages rather than most of them.
        List<Object[]> content = new ArrayList<>(contentRows.values());
        content.sort(BY_H2_UUID);
        insertArrays(insertContent, content);
        insertMedia.executeBatch();
        insertArrays(insertEntry, entryRows);
        contentRows.clear();
        entryRows.clear();
        updateEntry.executeBatch();
        markSeen.executeBatch();
        mediaQueued.clear();
        queued = false;
    }

    /** Inserts the rows through a statement that takes one array per column, {@value #ROWS_PER_INSERT} rows at a time. */
    private static void insertArrays(PreparedStatement ps, List<Object[]> rows) throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            int columns = part.get(0).length;
            for (int c = 0; c < columns; c++) {
                Object[] column = new Object[part.size()];
                for (int r = 0; r < column.length; r++) {
                    column[r] = part.get(r)[c];
                }
                ps.setObject(c + 1, column);
            }
            ps.executeUpdate();
        }
    }

    // ---- scan

    /** A folder being walked: its sorted children, the next one to do, and the rows of a chunk of them. */
    private static final class Frame {
        final String rel;
        final List<Child> children;
        final Set<String> names = new HashSet<>();
        int next;
        Map<String, Row> rows = Map.of();
        int rowsTo;

        Frame(String rel, List<Child> children) {
            this.rel = rel;
            this.children = children;
        }
    }

    private void scan() throws SQLException, StoreException, Interrupted {
        Deque<Frame> stack = new ArrayDeque<>();
        List<Child> top = list(root, "");
        if (top == null) {
            throw new StoreException(org.vdfs.api.operation.ErrorCodes.INVALID_PAYLOAD,
                    "the folder of location " + locationUuid + " cannot be listed: " + root);
        }
        rootChildren = top.size();
        stack.push(new Frame("", top));
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.next >= frame.children.size()) {
                stack.pop();
                continue;
            }
            if (stack.size() == 1) {
                rootDone = frame.next;
            }
            Child next = frame.children.get(frame.next++);
            Path child = next.path();
            String name = next.name();
            String rel = frame.rel.isEmpty() ? name : frame.rel + "/" + name;
            if (!frame.names.add(name)) {
                warn(rel + ": another name in this folder reads the same once decoded (names that are not "
                        + "valid UTF-8 lose their undecodable bytes); skipped");
                continue;
            }
            boolean process = true;
            if (resumeAfter != null) {
                if (rel.equals(resumeAfter) || resumeAfter.startsWith(rel + "/")) {
                    process = false; // done before the restart; descend into it if it is a folder
                } else if (compareWalkOrder(rel, resumeAfter) < 0) {
                    continue; // done before the restart, with everything under it
                } else {
                    resumeAfter = null; // past the cursor: from here on everything is new work
                }
            }
            if (interrupted()) {
                throw new Interrupted();
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                if (process) {
                    warn(rel + ": cannot read its attributes (" + describe(e) + "); skipped");
                }
                continue;
            }
            if (process) {
                if (!processEntry(child, rel, name, attrs, row(frame, rel))) {
                    continue;
                }
                lastDone = rel;
                walked++;
                pending++;
                if (pending >= batchSize || System.nanoTime() - lastCommit > BATCH_NANOS) {
                    commit();
                    batchSize = Math.min(LARGEST_BATCH, batchSize * 2);
                }
            }
            if (attrs.isDirectory() && !attrs.isSymbolicLink()) {
                List<Child> children = list(child, rel);
                if (children != null) {
                    stack.push(new Frame(rel, children));
                }
            }
        }
        rootDone = rootChildren;
    }

    /** A child of a folder, with its name as a string made once: the sort and the walk both need it. */
    private record Child(String name, Path path) {
    }

    /** Sorted children, or null (with a warning, and the entries below kept as they were) if unlistable. */
    private List<Child> list(Path dir, String rel) throws SQLException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                children.add(new Child(p.getFileName().toString(), p));
            }
        } catch (IOException e) {
            if (!rel.isEmpty()) {
                warn(rel + ": cannot list this folder (" + describe(e) + "); what was indexed below it is kept");
                keepBelow(rel);
            }
            return null;
        }
        children.sort(Comparator.comparing(Child::name));
        return children;
    }

    /** Order of the walk: path segments compared one by one; a folder comes before what it holds. */
    static int compareWalkOrder(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private record Row(long id, String kind, long size, Instant modified, UUID content) {
    }

    /** Records one entry, whose row (or null) is given; false if it was skipped. */
    private boolean processEntry(Path file, String rel, String name, BasicFileAttributes attrs, Row row)
            throws SQLException, Interrupted {
        String kind;
        if (attrs.isSymbolicLink()) {
            kind = "symlink";
        } else if (attrs.isDirectory()) {
            kind = "directory";
        } else if (attrs.isRegularFile()) {
            kind = "file";
        } else {
            warn(rel + ": not a regular file, folder or symbolic link (a pipe, socket or device); skipped");
            return false;
        }
        long size = kind.equals("directory") ? 0 : attrs.size();
        Instant modified = millis(attrs.lastModifiedTime());
        Instant created = millis(attrs.creationTime());
        boolean sameFile = row != null && row.kind().equals(kind) && row.size() == size
                && modified.equals(row.modified());
        if (sameFile && (!kind.equals("file") || row.content() != null)) {
            queue(markSeen, run, row.id());
            return true;
        }
        UUID content = null;
        if (kind.equals("file")) {
            try {
                content = movesPossible ? movedContent(rel, size, modified) : null;
                if (content == null) {
                    content = hash(file, name);
                }
            } catch (NoSuchFileException e) {
                warn(rel + ": vanished while being indexed; skipped");
                return false;
            } catch (IOException e) {
                warn(rel + ": cannot be read (" + describe(e) + "); recorded without content, skipped");
                if (sameFile) {
                    // still unreadable, otherwise as it was: tried again next time
                    queue(markSeen, run, row.id());
                    return true;
                }
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (row == null) {
            queued = true;
            entryRows.add(new Object[] { timeOrderedUuid(), locationId, rel, name, kind, size, content, utc(created),
                    utc(modified), now, run });
            added++;
        } else {
            queue(updateEntry, kind, size, content, utc(created), utc(modified), now, run, row.id());
            updated++;
        }
        return true;
    }

    /**
     * The row of a child of the frame's folder, or null. Rows are read for the next
     * {@value #ROWS_CHUNK} children at a time, in one query, when the walk reaches them. Only the
     * child's own path is ever written by the run, so rows read ahead do not go stale.
     */
    private Row row(Frame frame, String rel) throws SQLException {
        if (!rowsPossible) {
            return null;
        }
        int index = frame.next - 1;
        if (index >= frame.rowsTo) {
            int to = Math.min(frame.children.size(), index + ROWS_CHUNK);
            List<String> paths = new ArrayList<>(to - index);
            for (int i = index; i < to; i++) {
                String name = frame.children.get(i).name();
                paths.add(frame.rel.isEmpty() ? name : frame.rel + "/" + name);
            }
            Map<String, Row> rows = new HashMap<>();
            selectRows.setObject(1, paths.toArray(new String[0]));
            selectRows.setLong(2, locationId);
            try (ResultSet rs = selectRows.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime modified = rs.getObject(5, OffsetDateTime.class);
                    rows.put(rs.getString(1), new Row(rs.getLong(2), rs.getString(3), rs.getLong(4),
                            modified == null ? null : modified.toInstant(), rs.getObject(6, UUID.class)));
                }
            }
            frame.rows = rows;
            frame.rowsTo = to;
        }
        return frame.rows.get(rel);
    }

    /**
     * A move: an entry of this location with the same size and modification time, whose file is
     * gone and that this run has not seen, gives its content without rehashing.
     */
    private UUID movedContent(String rel, long size, Instant modified) throws SQLException {
        selectMoved.setLong(1, locationId);
        selectMoved.setLong(2, size);
        selectMoved.setObject(3, utc(modified));
        selectMoved.setString(4, rel);
        selectMoved.setLong(5, run);
        // Entries marked seen in a batch not yet flushed still read as unseen here: harmless, since a
        // candidate must also be gone from the disk.
        try (ResultSet rs = selectMoved.executeQuery()) {
            while (rs.next()) {
                String old = rs.getString(1);
                if (old.indexOf('\uFFFD') >= 0) {
                    continue; // its real name cannot be rebuilt from the string: cannot tell if it is gone
                }
                try {
                    if (!Files.exists(root.resolve(old), LinkOption.NOFOLLOW_LINKS)) {
                        moved++;
                        return rs.getObject(2, UUID.class);
                    }
                } catch (InvalidPathException e) {
                    // a name this JVM cannot encode: not a candidate
                }
            }
        }
        return null;
    }

    /** Hashes the file (streaming, fixed buffer), records its content identity and, for images, its EXIF. */
    private UUID hash(Path file, String name) throws IOException, SQLException, Interrupted {
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BUFFER); // off-heap: the native hasher reads it in place
        }
        if (head == null) {
            head = new byte[ContentKinds.HEAD];
        }
        int headLength = 0;
        long total = 0;
        long nextCheck = INTERRUPT_CHECK_BYTES;
        String hex;
        try (ReadableByteChannel in = opener.open(file); Blake3Hasher blake3 = Blake3.newHasher()) {
            while (in.read(buffer.clear()) >= 0) {
                buffer.flip();
                int n = buffer.remaining();
                if (headLength < head.length) {
                    int take = Math.min(n, head.length - headLength);
                    buffer.get(buffer.position(), head, headLength, take);
                    headLength += take;
                }
                blake3.update(buffer);
                total += n;
                if (total >= nextCheck) {
                    nextCheck += INTERRUPT_CHECK_BYTES;
                    if (interrupted()) {
                        throw new Interrupted();
                    }
                }
            }
            hex = blake3.hexDigest();
        }
        UUID content = ContentIds.fromBlake3(hex);
        hashed++;
        bytesHashed += total;
        listener.bytesHashed(total);
        ContentKinds.Kind kind = ContentKinds.detect(name, head, headLength);
        queued = true;
        contentRows.putIfAbsent(content, new Object[] { content, hex, total, kind.kind(), kind.mime(),
                OffsetDateTime.now(ZoneOffset.UTC) });
        if (kind.kind().equals("image") && !hasMedia(content)) {
            readMedia(file, content);
        }
        return content;
    }

    /** Whether the content has its media row, or one is queued. */
    private boolean hasMedia(UUID content) throws SQLException {
        if (mediaQueued.contains(content)) {
            return true;
        }
        selectMedia.setObject(1, content);
        try (ResultSet rs = selectMedia.executeQuery()) {
            return rs.next();
        }
    }

    private void readMedia(Path file, UUID content) throws SQLException {
        MediaMetadata media;
        try {
            media = MediaReader.read(file);
        } catch (IOException | RuntimeException e) {
            // the content is indexed all the same; an image without readable metadata has none
            media = new MediaMetadata(null, null, null, null, null, null, null);
        }
        mediaQueued.add(content);
        queue(insertMedia, content, media.takenAt() == null ? null : utc(media.takenAt()), media.latitude(), media.longitude(),
                media.cameraMake(), media.cameraModel(), media.width(), media.height(),
                OffsetDateTime.now(ZoneOffset.UTC));
        mediaRead++;
    }

    /** A folder that cannot be listed: what the library knew below it stays. */
    private void keepBelow(String rel) throws SQLException {
        flush();
        String prefix = rel.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%";
        update("UPDATE entries SET seen_run = ? WHERE location_id = ? AND path LIKE ? ESCAPE '\\'", run, locationId,
                prefix);
    }

    // ---- cleanup

    private void cleanup() throws SQLException, StoreException {
        listener.progress(0.95, message("removing entries of files that are gone"));
        // Entry-scoped models would keep a gone entry's row (no cascade): they go first, the way
        // the library deletes a model (its tags, collection memberships and blob references).
        List<String[]> models = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT m.extension_id, m.uuid FROM models m "
                + "JOIN entries e ON e.uuid = m.entry_uuid "
                + "WHERE e.location_id = ? AND (e.seen_run IS NULL OR e.seen_run <> ?)")) {
            ps.setLong(1, locationId);
            ps.setLong(2, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    models.add(new String[] { rs.getString(1), rs.getString(2) });
                }
            }
        }
        db.commit();
        for (String[] model : models) {
            library.deleteModel(model[0], UUID.fromString(model[1]));
        }
        SidecarRows.deleteOfEntries(library, db, "e.location_id = ? AND (e.seen_run IS NULL OR e.seen_run <> ?)",
                locationId, run);
        try (PreparedStatement ps = db.prepareStatement(
                "DELETE FROM entries WHERE location_id = ? AND (seen_run IS NULL OR seen_run <> ?)")) {
            ps.setLong(1, locationId);
            ps.setLong(2, run);
            deleted += ps.executeUpdate();
        }
    }

    // ---- plumbing

    private boolean interrupted() {
        return listener.interruptRequested();
    }

    /** Commits the batch, then checkpoints the state it reached. */
    private void commit() throws SQLException {
        flush();
        db.commit();
        pending = 0;
        lastCommit = System.nanoTime();
        if (walked > walkedReported) {
            listener.entriesWalked(walked - walkedReported);
            walkedReported = walked;
        }
        listener.checkpoint(state());
        double fraction = SCAN.equals(phase) && rootChildren > 0 ? 0.9 * rootDone / rootChildren : 0.9;
        listener.progress(fraction, message(SCAN.equals(phase) ? "scanning" : "scanned"));
    }

    private String message(String what) {
        return what + ": " + walked + " entries walked, " + hashed + " files hashed, " + moved + " moves, "
                + deleted + " deleted";
    }

    String state() {
        ObjectNode state = JSON.createObjectNode();
        state.put("library_id", library.info().id().toString());
        state.put("location_id", locationUuid.toString());
        state.put("phase", phase);
        state.put("run", run);
        if (lastDone != null) {
            state.put("cursor", lastDone);
        }
        return state.toString();
    }

    private IndexStats stats(boolean completed) {
        return new IndexStats(completed, completed ? null : state(), walked, added, updated, deleted, hashed,
                bytesHashed, moved, mediaRead, warnings);
    }

    private void warn(String message) {
        warnings++;
        listener.warning("location " + root + ": " + message);
    }

    private void update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    /**
     * A version 7 uuid (RFC 9562): the time in milliseconds, then random bits. New entries' uuids
     * then land at the end of their unique index instead of all over it, so a commit rewrites a few
     * index pages rather than one per entry.
     */
    static UUID timeOrderedUuid() {
        UUID random = UUID.randomUUID(); // 122 random bits, of which 74 are kept
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        return new UUID(high, random.getLeastSignificantBits()); // variant bits as randomUUID set them
    }

    private static Instant millis(FileTime time) {
        return time.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}

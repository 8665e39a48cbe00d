package org.vdfs.store.internal.ext;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.ExtensionSql;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.StoreException;
import org.vdfs.api.store.VdfsStore;

/**
 * Extension-owned tables in every library.
 *
 * <p><b>Isolation.</b> Each extension has, in each library database, an H2 user and
 * a schema of the same name ({@link SchemaNames}) that the user owns. Its
 * migrations and its {@code ext.sql.*} statements run on a connection that logs
 * in as that user with its schema as the default, so H2's rights decide what it
 * may touch: its own schema only (no admin rights: no file functions, Java
 * aliases, triggers, scripts, users). The password is random, kept in memory and
 * set anew by the admin whenever a library is opened, so nothing stores it.
 *
 * <p><b>Migrations.</b> The store learns of an extension's migrations from its
 * bundle ({@link ExtensionTableBundles}) and runs them, with Flyway, in every open
 * library at once, in libraries opened later when they open, and in new
 * libraries when created. H2 commits DDL at once, so a transaction cannot undo a
 * failed migration; instead, before pending migrations run, the admin scripts
 * the extension's schema (tables, data, its Flyway history) to a snapshot file
 * beside the database; if any pending migration fails, the schema is dropped
 * and rebuilt from the snapshot, so the whole upgrade is undone and the previous
 * version finds its tables as it left them. The snapshot is written under a
 * temporary name and renamed when complete; a complete snapshot still present
 * when a library opens means a migration was interrupted (a crash), and it is
 * restored before anything else.
 */
public final class ExtensionTables implements ExtensionSql {

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionTables.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** H2: wrong user name or password. */
    private static final int WRONG_PASSWORD = 28000;

    /** A supplier of admin connections to a library's database. */
    @FunctionalInterface
    public interface AdminConnections {
        Connection open() throws SQLException;
    }

    private final VdfsStore store;
    /** Extension id → the migrations of its running version. */
    private final Map<String, MigrationSet> known = new ConcurrentHashMap<>();
    private final Map<UUID, Lib> libraries = new ConcurrentHashMap<>();

    public ExtensionTables(VdfsStore store) {
        this.store = store;
    }

    /** One open library. */
    private static final class Lib {
        final UUID id;
        final String name;
        final AdminConnections admin;
        final String url;
        final Path databasePath;
        final Map<String, Ext> extensions = new ConcurrentHashMap<>();

        Lib(UUID id, String name, AdminConnections admin, String url, Path databasePath) {
            this.id = id;
            this.name = name;
            this.admin = admin;
            this.url = url;
            this.databasePath = databasePath;
        }

        String describe() {
            return "library `" + name + "` (" + id + ")";
        }
    }

    /** One extension in one open library. */
    private static final class Ext {
        final SchemaNames names;
        /** Migrations hold it for writing, statements for reading. */
        final ReadWriteLock lock = new ReentrantReadWriteLock();
        volatile String password;
        /** Fingerprint of the migration set last brought up to date here. */
        volatile String applied;
        /** Why the last migration failed here, or null. */
        volatile String failure;

        Ext(SchemaNames names) {
            this.names = names;
        }
    }

    // ---- lifecycle, called by the store and the bundle tracking

    /** A library was opened or created: bring every known extension's tables up to date in it. */
    public void libraryOpened(UUID id, String name, AdminConnections admin) {
        Lib lib;
        try (Connection db = admin.open(); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("CALL DATABASE_PATH()")) {
            rs.next();
            lib = new Lib(id, name, admin, db.getMetaData().getURL(), Paths.get(rs.getString(1)));
        } catch (SQLException e) {
            LOG.error("Library {} ({}): extension tables are unavailable: {}", name, id, e.getMessage());
            return;
        }
        libraries.put(id, lib);
        for (MigrationSet set : known.values()) {
            try {
                migrate(lib, set);
            } catch (StoreException e) {
                LOG.error("{}", e.getMessage());
            }
        }
    }

    public void libraryClosed(UUID id) {
        libraries.remove(id);
    }

    public void closeAll() {
        libraries.clear();
    }

    /**
     * An extension (version) is about to run: its migrations become the ones
     * every library is held to, and run now in every open library.
     *
     * @throws ExtensionException when they fail in some library; each library
     *         where they failed keeps the extension's schema as it was
     */
    public void register(MigrationSet set) throws ExtensionException {
        known.put(set.extensionId(), set);
        List<String> failures = new ArrayList<>();
        for (Lib lib : libraries.values()) {
            try {
                migrate(lib, set);
            } catch (StoreException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new ExtensionException(String.join("; ", failures));
        }
    }

    /** The extension's bundle went away: libraries opened from now on do not run its migrations. */
    public void unregister(String extensionId, long bundleId) {
        known.computeIfPresent(extensionId, (id, set) -> set.bundleId() == bundleId ? null : set);
    }

    // ---- migrations

    private void migrate(Lib lib, MigrationSet set) throws StoreException {
        Ext ext = ext(lib, set.extensionId());
        ext.lock.writeLock().lock();
        try {
            if (set.fingerprint().equals(ext.applied)) {
                // the schema is this set's (a failed other set was undone): nothing to do, nothing failing
                ext.failure = null;
                return;
            }
            ensureUser(lib, ext);
            restoreInterrupted(lib, ext);
            if (!set.files().isEmpty()) {
                Flyway flyway = ExtensionFlyway.of(dataSource(lib, ext), ext.names, set);
                if (flyway.info().pending().length == 0) {
                    flyway.validate();
                } else {
                    migrateWithSnapshot(lib, ext, flyway);
                }
            }
            ext.applied = set.fingerprint();
            ext.failure = null;
        } catch (FlywayException | SQLException | IOException e) {
            String message = "the SQL migrations of extension `" + set.extensionId() + "` failed in "
                    + lib.describe() + ", its tables there are as they were before: " + message(e);
            ext.failure = message;
            throw new StoreException(ErrorCodes.INTERNAL, message, e);
        } finally {
            ext.lock.writeLock().unlock();
        }
    }

    private void migrateWithSnapshot(Lib lib, Ext ext, Flyway flyway) throws SQLException, IOException {
        Path snapshot = snapshotFile(lib, ext);
        Path partial = snapshot.resolveSibling(snapshot.getFileName() + ".tmp");
        try (Connection db = lib.admin.open(); Statement st = db.createStatement()) {
            Files.deleteIfExists(partial);
            st.execute("SCRIPT NOPASSWORDS NOSETTINGS NOVERSION TO " + literal(partial) + " SCHEMA "
                    + ext.names.quoted());
        }
        Files.move(partial, snapshot, StandardCopyOption.ATOMIC_MOVE);
        try {
            int applied = flyway.migrate().migrationsExecuted;
            LOG.info("Extension {}: {} migration(s) applied in {}", ext.names.extensionId(), applied,
                    lib.describe());
        } catch (FlywayException e) {
            LOG.warn("Extension {}: migration failed in {}; restoring its schema: {}", ext.names.extensionId(),
                    lib.describe(), e.getMessage());
            restore(lib, ext, snapshot);
            throw e;
        }
        Files.deleteIfExists(snapshot);
    }

    /** A snapshot left by a migration that never finished (the process died): put it back. */
    private void restoreInterrupted(Lib lib, Ext ext) throws SQLException, IOException {
        Path snapshot = snapshotFile(lib, ext);
        Files.deleteIfExists(snapshot.resolveSibling(snapshot.getFileName() + ".tmp"));
        if (Files.exists(snapshot)) {
            LOG.warn("Extension {}: an interrupted migration in {} is undone from {}", ext.names.extensionId(),
                    lib.describe(), snapshot);
            restore(lib, ext, snapshot);
        }
    }

    private static void restore(Lib lib, Ext ext, Path snapshot) throws SQLException, IOException {
        try (Connection db = lib.admin.open(); Statement st = db.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + ext.names.quoted() + " CASCADE");
            // the script recreates the schema with its owner, its objects and their rows
            st.execute("RUNSCRIPT FROM " + literal(snapshot));
        }
        Files.deleteIfExists(snapshot);
    }

    private static Path snapshotFile(Lib lib, Ext ext) {
        return lib.databasePath.resolveSibling(lib.databasePath.getFileName() + "." + ext.names.schema()
                + ".snapshot.sql");
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    // ---- users and connections

    private Ext ext(Lib lib, String extensionId) throws StoreException {
        try {
            return lib.extensions.computeIfAbsent(extensionId, id -> new Ext(SchemaNames.of(id)));
        } catch (IllegalArgumentException e) {
            throw new StoreException(ErrorCodes.INVALID_PAYLOAD, e.getMessage());
        }
    }

    /** Creates the user and its schema if missing, and gives the user a fresh random password. */
    private static void ensureUser(Lib lib, Ext ext) throws SQLException {
        if (ext.password == null) {
            synchronized (ext) {
                if (ext.password == null) { // concurrent first calls set it once
                    resetPassword(lib, ext);
                }
            }
        }
    }

    private static synchronized void resetPassword(Lib lib, Ext ext) throws SQLException {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        String user = ext.names.quoted();
        try (Connection db = lib.admin.open(); Statement st = db.createStatement()) {
            st.execute("CREATE USER IF NOT EXISTS " + user + " PASSWORD '" + password + "'");
            st.execute("ALTER USER " + user + " SET PASSWORD '" + password + "'");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + ext.names.quoted() + " AUTHORIZATION " + user);
        }
        ext.password = password;
    }

    private static JdbcDataSource dataSource(Lib lib, Ext ext) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(lib.url);
        ds.setUser(ext.names.user());
        ds.setPassword(ext.password);
        return ds;
    }

    /** A fresh session as the extension's user, in its schema: nothing a call changes outlives it. */
    private static Connection connect(Lib lib, Ext ext) throws SQLException {
        Connection c;
        try {
            c = dataSource(lib, ext).getConnection();
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_PASSWORD) {
                throw e;
            }
            resetPassword(lib, ext);
            c = dataSource(lib, ext).getConnection();
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET SCHEMA " + ext.names.quoted());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    // ---- statements

    @Override
    public SqlRows query(UUID libraryId, String extensionId, String sql, List<Object> params) throws StoreException {
        String statement = SqlScreen.check("ext.sql.query", sql);
        return run(libraryId, extensionId, (lib, c) -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setQueryTimeout(TIMEOUT_SECONDS);
                ps.setMaxRows(MAX_ROWS + 1);
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnLabel(i));
                    }
                    List<List<Object>> rows = new ArrayList<>();
                    boolean truncated = false;
                    while (rs.next()) {
                        if (rows.size() == MAX_ROWS) {
                            truncated = true;
                            break;
                        }
                        List<Object> row = new ArrayList<>(columns.size());
                        for (int i = 1; i <= columns.size(); i++) {
                            row.add(value(rs.getObject(i)));
                        }
                        rows.add(row);
                    }
                    return new SqlRows(columns, rows, truncated);
                }
            }
        });
    }

    @Override
    public long execute(UUID libraryId, String extensionId, String sql, List<Object> params) throws StoreException {
        String statement = SqlScreen.check("ext.sql.execute", sql);
        return run(libraryId, extensionId, (lib, c) -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setQueryTimeout(TIMEOUT_SECONDS);
                bind(ps, params);
                return ps.executeLargeUpdate();
            }
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Lib lib, Connection c) throws SQLException;
    }

    private <T> T run(UUID libraryId, String extensionId, Work<T> work) throws StoreException {
        Library library = store.library(libraryId); // opens it, and so migrates, if needed
        Lib lib = libraries.get(library.info().id());
        if (lib == null) {
            throw new StoreException(ErrorCodes.UNAVAILABLE, "library `" + library.info().name()
                    + "` has no extension tables (it was closed, or its database refused the setup; see the log)");
        }
        Ext ext = ext(lib, extensionId);
        ext.lock.readLock().lock();
        try {
            if (ext.failure != null) {
                throw new StoreException(ErrorCodes.UNAVAILABLE, ext.failure);
            }
            ensureUser(lib, ext);
            try (Connection c = connect(lib, ext)) {
                return work.run(lib, c);
            }
        } catch (SQLException e) {
            throw sqlFailure(lib, extensionId, e);
        } finally {
            ext.lock.readLock().unlock();
        }
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        if (params == null) {
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p == null) {
                ps.setNull(i + 1, java.sql.Types.NULL);
            } else if (p instanceof BigInteger big) {
                ps.setBigDecimal(i + 1, new BigDecimal(big));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    /** A column value as one of the types {@link SqlRows} promises. */
    private static Object value(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Double || v instanceof BigDecimal || v instanceof byte[]) {
            return v;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (v instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (v instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return v.toString();
    }

    private static StoreException sqlFailure(Lib lib, String extensionId, SQLException e) {
        String first = message(e);
        String code;
        // 90096 not enough rights, 90040 admin rights required, 42501 (standard) insufficient privilege
        if (e.getErrorCode() == 90096 || e.getErrorCode() == 90040 || "42501".equals(e.getSQLState())) {
            code = ErrorCodes.PERMISSION_DENIED;
        } else if (e.getErrorCode() == 57014) {
            code = ErrorCodes.DEADLINE_EXCEEDED;
        } else {
            code = ErrorCodes.INVALID_PAYLOAD;
        }
        return new StoreException(code, "extension `" + extensionId + "` in " + lib.describe() + ": " + first, e);
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.strip();
    }
}

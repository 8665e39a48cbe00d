package org.vdfs.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.ExtensionSql.SqlRows;
import org.vdfs.api.store.LibraryInfo;
import org.vdfs.api.store.StoreException;
import org.vdfs.store.internal.ext.ExtensionTables;
import org.vdfs.store.internal.ext.MigrationSet;
import org.vdfs.store.internal.ext.SchemaNames;

/** Issue 3, acceptance 5: extension-owned tables on real H2 files, isolated by the database's rights. */
class ExtensionTablesTest {

    @TempDir
    Path dir;

    private StoreService store;
    private ExtensionTables tables;

    @BeforeEach
    void start() throws Exception {
        store = new StoreService();
        store.start(dir, DirectoryMigrationSource.core());
        tables = store.extensionTables();
    }

    @AfterEach
    void stop() {
        store.deactivate();
    }

    private static MigrationSet migrations(String id, String... nameThenSql) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSql.length; i += 2) {
            files.put(nameThenSql[i], nameThenSql[i + 1]);
        }
        return MigrationSet.of(id, -1, files);
    }

    private static final String[] NOTES_V1 = { "V1__notes.sql",
            "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(200) NOT NULL);\n"
                    + "INSERT INTO notes VALUES (1, 'seeded by V1');" };

    private List<List<Object>> rows(String ext, String sql, Object... params) throws StoreException {
        return tables.query(null, ext, sql, Arrays.asList(params)).rows();
    }

    /** Queries through ext.sql.query's path, anything else through ext.sql.execute's. */
    private void attempt(String ext, String sql) throws StoreException {
        if (sql.startsWith("SELECT") || sql.startsWith("CALL") || sql.startsWith("SCRIPT")) {
            tables.query(null, ext, sql, List.of());
        } else {
            tables.execute(null, ext, sql, List.of());
        }
    }

    private StoreException refused(String ext, String sql) {
        return assertThrows(StoreException.class, () -> tables.query(null, ext, sql, List.of()));
    }

    /** As the library's admin: a raw look at the database. */
    private long adminCount(String sql) throws Exception {
        try (Connection db = ((LibraryDatabase) store.library(null)).connection(); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long historyRows(String ext) throws Exception {
        return adminCount("SELECT COUNT(*) FROM " + SchemaNames.of(ext).quoted() + ".\"flyway_schema_history\" "
                + "WHERE \"success\" AND \"version\" IS NOT NULL");
    }

    @Test
    void schemaNamesNeverCollide() {
        assertEquals("EXT_PHOTOS", SchemaNames.of("photos").schema());
        assertEquals("EXT_A_HB", SchemaNames.of("a-b").schema());
        assertEquals("EXT_A__B", SchemaNames.of("a_b").schema());
        assertEquals("EXT_A_DB", SchemaNames.of("a.b").schema());
        String longId = "x".repeat(128);
        assertTrue(SchemaNames.of(longId).schema().length() < 100);
        assertThrows(IllegalArgumentException.class, () -> SchemaNames.of("Robert\"; DROP"));
    }

    @Test
    void twoExtensionsEachOwnTheirTablesAndNothingElse() throws Exception {
        tables.register(migrations("notes", NOTES_V1));
        tables.register(migrations("photo-tags", "V1__tags.sql",
                "CREATE TABLE tags (photo VARCHAR(64), tag VARCHAR(64));"));

        // each reads and writes its own
        assertEquals(1, tables.execute(null, "notes", "INSERT INTO notes VALUES (?, ?)", List.of(2, "mine")));
        assertEquals(List.of(List.of(1, "seeded by V1"), List.of(2, "mine")),
                rows("notes", "SELECT id, body FROM notes ORDER BY id"));
        assertEquals(1, tables.execute(null, "photo-tags", "INSERT INTO tags VALUES (?, ?)", List.of("p1", "#sea")));
        SqlRows tags = tables.query(null, "photo-tags", "SELECT tag AS t FROM tags WHERE photo = ?", List.of("p1"));
        assertEquals(List.of("T"), tags.columns());
        assertEquals(List.of(List.of("#sea")), tags.rows());
        assertFalse(tags.truncated());

        // each is refused the other's tables, by name and through its schema
        StoreException other = refused("notes", "SELECT * FROM EXT_PHOTO_HTAGS.tags");
        assertEquals(ErrorCodes.PERMISSION_DENIED, other.code(), other.getMessage());
        assertTrue(other.getMessage().contains("Not enough rights"), other.getMessage());
        assertEquals(ErrorCodes.PERMISSION_DENIED, refused("photo-tags", "SELECT * FROM EXT_NOTES.notes").code());
        assertEquals(ErrorCodes.PERMISSION_DENIED, assertThrows(StoreException.class, () -> tables.execute(null,
                "photo-tags", "DELETE FROM EXT_NOTES.notes", List.of())).code());
        assertEquals(ErrorCodes.PERMISSION_DENIED, assertThrows(StoreException.class, () -> tables.execute(null,
                "photo-tags", "CREATE TABLE EXT_NOTES.planted (x INT)", List.of())).code());
        // an unqualified name resolves in the caller's own schema only
        assertEquals(ErrorCodes.INVALID_PAYLOAD, refused("photo-tags", "SELECT * FROM notes").code());

        // and the core's tables
        for (String core : List.of("PUBLIC.models", "PUBLIC.entries", "PUBLIC.library_info")) {
            StoreException e = refused("notes", "SELECT * FROM " + core);
            assertEquals(ErrorCodes.PERMISSION_DENIED, e.code(), core + ": " + e.getMessage());
        }
        assertTrue(refused("notes", "SELECT * FROM models").getMessage().contains("not found"));
        assertEquals(ErrorCodes.PERMISSION_DENIED, assertThrows(StoreException.class, () -> tables.execute(null,
                "notes", "CREATE TABLE PUBLIC.planted (x INT)", List.of())).code());
        assertEquals(ErrorCodes.PERMISSION_DENIED, assertThrows(StoreException.class, () -> tables.execute(null,
                "notes", "DROP TABLE PUBLIC.models", List.of())).code());
        assertEquals(1, adminCount("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' "
                + "AND TABLE_NAME = 'MODELS'"));

        // a library created later gets both schemas, migrated
        LibraryInfo work = store.createLibrary("Work");
        assertEquals(List.of(List.of(1L)), tables.query(work.id(), "notes", "SELECT COUNT(*) FROM notes",
                List.of()).rows());
        assertEquals(List.of(List.of(0L)), tables.query(work.id(), "photo-tags", "SELECT COUNT(*) FROM tags",
                List.of()).rows());
        // a library closed and opened again still works (fresh passwords, nothing re-run)
        store.closeLibrary(work.id());
        assertEquals(List.of(List.of(1L)), tables.query(work.id(), "notes", "SELECT COUNT(*) FROM notes",
                List.of()).rows());
    }

    @Test
    void parametersAreBoundAndTypesComeBack() throws Exception {
        tables.register(migrations("kinds", "V1__t.sql",
                "CREATE TABLE t (s VARCHAR, n BIGINT, d DOUBLE PRECISION, b BOOLEAN, x NUMERIC(10,2), bin VARBINARY);"));
        tables.execute(null, "kinds", "INSERT INTO t VALUES (?, ?, ?, ?, ?, X'0102')",
                Arrays.asList("it's; -- not SQL", 42L, 1.5, true, null));
        assertEquals(List.of(Arrays.asList("it's; -- not SQL", 42L, 1.5, true, null)),
                rows("kinds", "SELECT s, n, d, b, x FROM t WHERE s = ?", "it's; -- not SQL"));
        assertTrue(rows("kinds", "SELECT bin FROM t").get(0).get(0) instanceof byte[]);
        assertEquals(List.of(), rows("kinds", "SELECT s FROM t WHERE s = ?", "' OR '1'='1"));
    }

    @Test
    void queriesAreCappedAndSaySo() throws Exception {
        tables.register(migrations("many", "V1__t.sql", "CREATE TABLE t (i INT);"));
        tables.execute(null, "many", "INSERT INTO t SELECT X FROM SYSTEM_RANGE(1, 10005)", List.of());
        SqlRows all = tables.query(null, "many", "SELECT i FROM t", List.of());
        assertEquals(10_000, all.rows().size());
        assertTrue(all.truncated());
    }

    @Test
    void upgradingRunsOnlyTheNewMigrations() throws Exception {
        tables.register(migrations("notes", NOTES_V1));
        assertEquals(1, historyRows("notes"));
        // the same version again (a restart): nothing runs, nothing breaks
        tables.register(migrations("notes", NOTES_V1));
        tables.register(migrations("notes", NOTES_V1[0], NOTES_V1[1],
                "V2__pinned.sql", "ALTER TABLE notes ADD COLUMN pinned BOOLEAN DEFAULT FALSE NOT NULL;"));
        assertEquals(2, historyRows("notes"));
        // V1 ran once: its seeded row is there once (a second run would also fail on CREATE TABLE)
        assertEquals(List.of(List.of(1, "seeded by V1", false)), rows("notes", "SELECT id, body, pinned FROM notes"));

        // an applied migration must not change
        ExtensionException changed = assertThrows(ExtensionException.class, () -> tables.register(migrations("notes",
                NOTES_V1[0], NOTES_V1[1] + "\n-- edited", "V2__pinned.sql",
                "ALTER TABLE notes ADD COLUMN pinned BOOLEAN DEFAULT FALSE NOT NULL;")));
        assertTrue(changed.getMessage().contains("checksum"), changed.getMessage());
    }

    @Test
    void aFailingMigrationRollsBackAndThePreviousVersionKeepsWorking() throws Exception {
        MigrationSet v1 = migrations("notes", NOTES_V1);
        tables.register(v1);
        tables.execute(null, "notes", "INSERT INTO notes VALUES (2, 'written by v1')", List.of());

        // V2 works, V3 does some DDL and DML and then fails: the whole upgrade is undone
        ExtensionException failed = assertThrows(ExtensionException.class, () -> tables.register(migrations("notes",
                NOTES_V1[0], NOTES_V1[1],
                "V2__archive.sql", "CREATE TABLE archive (id INT);\nINSERT INTO archive VALUES (7);",
                "V3__broken.sql", "ALTER TABLE notes ADD COLUMN tag VARCHAR;\nCREATE TABLE half (x INT);\n"
                        + "DELETE FROM notes WHERE id = 1;\nINSERT INTO no_such_table VALUES (1);")));
        assertTrue(failed.getMessage().contains("`notes`") && failed.getMessage().contains("V3__broken.sql"),
                failed.getMessage());
        assertTrue(failed.getMessage().contains("NO_SUCH_TABLE"), failed.getMessage());

        String schema = SchemaNames.of("notes").schema();
        assertEquals(0, adminCount("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = '" + schema
                + "' AND TABLE_NAME IN ('ARCHIVE', 'HALF')"), "the failed upgrade left tables behind");
        assertEquals(0, adminCount("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = '" + schema
                + "' AND TABLE_NAME = 'NOTES' AND COLUMN_NAME = 'TAG'"), "the failed upgrade left a column behind");
        assertEquals(1, historyRows("notes"));
        assertEquals(0, adminCount("SELECT COUNT(*) FROM " + SchemaNames.of("notes").quoted()
                + ".\"flyway_schema_history\" WHERE NOT \"success\""));
        assertFalse(Files.list(dir.resolve("libraries")).anyMatch(p -> p.toString().contains("snapshot")));
        // until the previous version is back, the extension's SQL is refused in that library
        assertEquals(ErrorCodes.UNAVAILABLE, refused("notes", "SELECT * FROM notes").code());

        // the previous version comes back (as the installer does after a failed upgrade) and works, data intact
        tables.register(v1);
        assertEquals(List.of(List.of(1, "seeded by V1"), List.of(2, "written by v1")),
                rows("notes", "SELECT * FROM notes ORDER BY id"));
        assertEquals(1, tables.execute(null, "notes", "INSERT INTO notes VALUES (3, 'still writing')", List.of()));
        // and a fixed upgrade applies
        tables.register(migrations("notes", NOTES_V1[0], NOTES_V1[1],
                "V2__archive.sql", "CREATE TABLE archive (id INT);"));
        assertEquals(2, historyRows("notes"));
    }

    @Test
    void aMigrationIsHeldToTheExtensionsRightsToo() {
        ExtensionException e = assertThrows(ExtensionException.class, () -> tables.register(migrations("sneaky",
                "V1__alias.sql", "CREATE TABLE ok (x INT);\nCREATE ALIAS home AS 'String h() { return \"x\"; }';")));
        assertTrue(e.getMessage().contains("Admin rights"), e.getMessage());
        assertThrows(ExtensionException.class, () -> tables.register(migrations("sneaky2",
                "V1__core.sql", "INSERT INTO PUBLIC.tags (name) VALUES ('planted');")));
    }

    @Test
    void anExtensionCannotReachFilesNorJavaNorTheSessionSetup() throws Exception {
        tables.register(migrations("notes", NOTES_V1));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "host secret\n");
        String file = secret.toAbsolutePath().toString();
        Path written = dir.resolve("written.csv");
        List<String> denied = List.of(
                "SELECT FILE_READ('" + file + "')",
                "SELECT * FROM CSVREAD('" + file + "')",
                "CALL CSVWRITE('" + written + "', 'SELECT 1')",
                "SELECT FILE_WRITE('x', '" + written + "')",
                "RUNSCRIPT FROM '" + file + "'",
                "SCRIPT TO '" + written + "'",
                "BACKUP TO '" + written + "'",
                "CREATE LINKED TABLE lt('org.h2.Driver', 'jdbc:h2:mem:', '', '', 'X')",
                "CREATE ALIAS prop FOR 'java.lang.System.getProperty'",
                "CREATE TRIGGER trg BEFORE INSERT ON notes FOR EACH ROW CALL 'org.h2.tools.TriggerAdapter'",
                "CREATE USER intruder PASSWORD 'x'",
                "CREATE SCHEMA elsewhere",
                "ALTER TABLE PUBLIC.models ADD COLUMN x INT",
                "SHUTDOWN");
        for (String sql : denied) {
            StoreException e = assertThrows(StoreException.class, () -> attempt("notes", sql), sql);
            assertEquals(ErrorCodes.PERMISSION_DENIED, e.code(), sql + ": " + e.getMessage());
        }
        StoreException read = assertThrows(StoreException.class,
                () -> tables.query(null, "notes", "SELECT FILE_READ(?)", List.of(file)));
        assertTrue(read.getMessage().contains("Admin rights are required"), read.getMessage());
        assertFalse(Files.exists(written));

        // what H2 does allow a schema owner, and the store closes
        for (String sql : List.of("SELECT 1; DROP TABLE notes", "DROP TABLE notes; SELECT 1",
                "GRANT SELECT ON notes TO PUBLIC", "/* c */ GRANT ALL ON SCHEMA EXT_NOTES TO PUBLIC",
                "REVOKE SELECT ON notes FROM PUBLIC", "ALTER USER EXT_NOTES SET PASSWORD 'mine'",
                "DROP SCHEMA EXT_NOTES CASCADE", "ALTER SCHEMA EXT_NOTES RENAME TO x", "SET SCHEMA PUBLIC",
                "set autocommit false")) {
            assertThrows(StoreException.class, () -> tables.execute(null, "notes", sql, List.of()), sql);
        }
        assertEquals(List.of(List.of(1L)), rows("notes", "SELECT COUNT(*) FROM notes;  "));
    }

    @Test
    void anInterruptedMigrationIsUndoneWhenTheLibraryOpens() throws Exception {
        tables.register(migrations("notes", NOTES_V1));
        UUID lib = store.defaultLibraryId();
        // what a crash mid-migration leaves: a complete snapshot, and a schema changed halfway
        String dbPath;
        try (Connection db = ((LibraryDatabase) store.library(lib)).connection(); Statement st = db.createStatement()) {
            ResultSet rs = st.executeQuery("CALL DATABASE_PATH()");
            rs.next();
            dbPath = rs.getString(1);
            st.execute("SCRIPT NOPASSWORDS NOSETTINGS NOVERSION TO '" + dbPath + ".EXT_NOTES.snapshot.sql' SCHEMA "
                    + "\"EXT_NOTES\"");
            st.execute("CREATE TABLE \"EXT_NOTES\".half_done (x INT)");
        }
        store.closeLibrary(lib);
        assertEquals(List.of(List.of(1L)), rows("notes", "SELECT COUNT(*) FROM notes"));
        assertEquals(0, adminCount("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'HALF_DONE'"));
        assertFalse(Files.exists(Path.of(dbPath + ".EXT_NOTES.snapshot.sql")));
    }

    @Test
    void hostsMustNameTheExtensionAndUnknownLibrariesAreRefused() throws SQLException {
        StoreException e = assertThrows(StoreException.class,
                () -> tables.query(UUID.randomUUID(), "notes", "SELECT 1", List.of()));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, e.code());
    }
}

package org.vdfs.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryPoolTest {

    @TempDir
    Path dir;

    private LibraryPool pool;

    @BeforeEach
    void open() throws SQLException {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + dir.resolve("pool").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
        source.setUser("vdfs");
        source.setPassword("");
        pool = new LibraryPool(source);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    private int rows() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void whatACallerDidNotCommitDoesNotReachTheNextOne() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO t VALUES (1)");
        } // given back inside its transaction
        try (Connection c = pool.getConnection()) {
            assertTrue(c.getAutoCommit(), "a lent connection is in auto-commit");
        }
        assertEquals(0, rows());
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO t VALUES (2)");
            c.commit();
        }
        assertEquals(1, rows());
    }

    @Test
    void aHandleIsDeadOnceGivenBack() throws SQLException {
        Connection c = pool.getConnection();
        c.close();
        assertTrue(c.isClosed());
        SQLException e = assertThrows(SQLException.class, c::createStatement);
        assertTrue(e.getMessage().contains("given back"), e.getMessage());
        c.close(); // twice is harmless, and does not give the connection back twice
        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            assertFalse(a.unwrap(Connection.class) == b.unwrap(Connection.class), "one session lent twice");
        }
    }

    /** The reason for the class: H2's own pool rolls back on lending, which empties this cache. */
    @Test
    void aConnectionGivenBackKeepsItsParsedStatements() throws Exception {
        String sql = "SELECT id FROM t WHERE id = ?";
        Connection physical;
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            physical = c.unwrap(Connection.class);
            ps.setInt(1, 1);
            ps.executeQuery().close();
        }
        try (Connection c = pool.getConnection()) {
            assertTrue(c.unwrap(Connection.class) == physical, "the connection given back last is lent first");
            assertTrue(queryCache(physical).containsKey(sql), "the session's query cache lost the statement");
        }
    }

    @Test
    void aDisposedPoolLendsNothing() throws SQLException {
        Connection lent = pool.getConnection();
        pool.dispose();
        assertThrows(SQLException.class, pool::getConnection);
        Connection physical = lent.unwrap(Connection.class);
        lent.close();
        assertTrue(physical.isClosed(), "a connection given back to a disposed pool is closed");
    }

    /** H2's per-session cache of parsed statements (SessionLocal.queryCache), read reflectively. */
    private static Map<?, ?> queryCache(Connection physical) throws Exception {
        Class<?> k = physical.getClass();
        while (k != null && !k.getName().equals("org.h2.jdbc.JdbcConnection")) {
            k = k.getSuperclass();
        }
        assertNotNull(k, "not an H2 connection: " + physical.getClass());
        Field session = k.getDeclaredField("session");
        session.setAccessible(true);
        Object s = session.get(physical);
        Field cache = s.getClass().getDeclaredField("queryCache"); // if H2 renames it, check LibraryPool still pays
        cache.setAccessible(true);
        return (Map<?, ?>) cache.get(s);
    }
}

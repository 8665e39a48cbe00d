package org.vdfs.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;

/**
 * Job records in one H2 database for all libraries (the seeds' shared
 * {@code jobs.db}). {@code WRITE_DELAY=0}: every commit reaches the file at
 * once, so a checkpoint that returned survives a killed process.
 */
final class JobStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, type, library_id, status, progress, message, items, bytes, warnings, "
            + "parameters, checkpoint, checkpoint_at, created_at, started_at, finished_at, error, resumable";

    private final Connection connection;

    JobStore(Path dir) throws SQLException {
        // H2 is used directly rather than through a DataSourceFactory: this database is private to the bundle.
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath() + ";WRITE_DELAY=0");
        connection = ds.getConnection("vdfs", "");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS jobs ("
                    + "id UUID PRIMARY KEY, type VARCHAR(300) NOT NULL, library_id UUID, status VARCHAR(16) NOT NULL, "
                    + "progress DOUBLE PRECISION DEFAULT 0 NOT NULL, message VARCHAR(4096), "
                    + "items BIGINT DEFAULT 0 NOT NULL, bytes BIGINT DEFAULT 0 NOT NULL, warnings CLOB, "
                    + "parameters CLOB, checkpoint CLOB, checkpoint_at TIMESTAMP WITH TIME ZONE, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, started_at TIMESTAMP WITH TIME ZONE, "
                    + "finished_at TIMESTAMP WITH TIME ZONE, error VARCHAR(8192), resumable BOOLEAN NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status)");
            s.execute("CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_at)");
        }
    }

    synchronized void insert(JobRecord r, boolean resumable) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO jobs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setObject(1, r.id());
            ps.setString(2, r.type());
            ps.setObject(3, r.libraryId());
            ps.setString(4, r.status().name());
            ps.setDouble(5, r.progress());
            ps.setString(6, r.message());
            ps.setLong(7, r.items());
            ps.setLong(8, r.bytes());
            ps.setString(9, json(r.warnings()));
            ps.setString(10, r.parameters());
            ps.setString(11, r.checkpoint());
            ps.setTimestamp(12, ts(r.checkpointAt()));
            ps.setTimestamp(13, ts(r.createdAt()));
            ps.setTimestamp(14, ts(r.startedAt()));
            ps.setTimestamp(15, ts(r.finishedAt()));
            ps.setString(16, r.error());
            ps.setBoolean(17, resumable);
            ps.executeUpdate();
        }
    }

    /** Everything but id, type, library, parameters, created and resumable, which never change. */
    synchronized void update(JobRecord r) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE jobs SET status=?, progress=?, message=?, "
                + "items=?, bytes=?, warnings=?, checkpoint=?, checkpoint_at=?, started_at=?, finished_at=?, error=? "
                + "WHERE id=?")) {
            ps.setString(1, r.status().name());
            ps.setDouble(2, r.progress());
            ps.setString(3, r.message());
            ps.setLong(4, r.items());
            ps.setLong(5, r.bytes());
            ps.setString(6, json(r.warnings()));
            ps.setString(7, r.checkpoint());
            ps.setTimestamp(8, ts(r.checkpointAt()));
            ps.setTimestamp(9, ts(r.startedAt()));
            ps.setTimestamp(10, ts(r.finishedAt()));
            ps.setString(11, r.error());
            ps.setObject(12, r.id());
            ps.executeUpdate();
        }
    }

    synchronized JobRecord get(UUID id) throws SQLException {
        List<JobRecord> found = query("SELECT " + COLUMNS + " FROM jobs WHERE id=?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    synchronized boolean resumable(UUID id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT resumable FROM jobs WHERE id=?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    synchronized List<JobRecord> list(String owner, int limit) throws SQLException {
        if (owner == null) {
            return query("SELECT " + COLUMNS + " FROM jobs ORDER BY created_at DESC LIMIT ?", limit);
        }
        return query("SELECT " + COLUMNS + " FROM jobs WHERE type LIKE ? ORDER BY created_at DESC LIMIT ?",
                owner.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%", limit);
    }

    /** Jobs that were queued, running or paused when the host stopped, oldest first. */
    synchronized List<JobRecord> unfinished() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM jobs WHERE status IN ('QUEUED','RUNNING','PAUSED') ORDER BY created_at");
    }

    synchronized int prune(Instant before) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM jobs WHERE status IN ('COMPLETED','FAILED','CANCELLED') AND finished_at < ?")) {
            ps.setTimestamp(1, ts(before));
            return ps.executeUpdate();
        }
    }

    private List<JobRecord> query(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<JobRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                            JobStatus.valueOf(rs.getString(4)), rs.getDouble(5), rs.getString(6), rs.getLong(7),
                            rs.getLong(8), warnings(rs.getString(9)), rs.getString(10), rs.getString(11),
                            instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)),
                            instant(rs.getTimestamp(15)), rs.getString(16)));
                }
            }
            return out;
        }
    }

    private static String json(List<String> warnings) {
        try {
            return JSON.writeValueAsString(warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a list of strings always serialises
        }
    }

    private static List<String> warnings(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of("(unreadable warnings: " + e.getOriginalMessage() + ")");
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}

package org.vdfs.itests.framework.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.EntryScope;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.ModelQuery;
import org.vdfs.itests.framework.Container;

/**
 * Query latency at 1,000,000 entries: a library is filled in bulk (SQL run inside H2 while the
 * container is stopped; the schema is the store's own, migrated by it), then the queries the
 * operations make are timed through the store's services and through the operations themselves.
 */
final class QueryBench {

    private static final int LOCATIONS = 4;
    private static final int ENTRIES = 1_000_000;
    private static final int CONTENTS = ENTRIES / 2; // two entries per content: duplicates are common
    private static final int MODELS = 100_000;
    private static final String[] EXTENSIONS = { "photos", "faces" };
    private static final int TYPES = 5; // per extension: 10,000 models of each type
    private static final int CHUNK = 100_000;
    private static final int WARMUP = 300;
    private static final int RUNS = 500;

    private QueryBench() {
    }

    static void run(Path dir, List<String> summary) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "== Store queries at %,d entries (%,d content identities, %,d models) ==%n",
                ENTRIES, CONTENTS, MODELS);
        ObjectMapper json = new ObjectMapper();
        Path container = dir.resolve("container");
        UUID library;
        List<UUID> locations = new ArrayList<>();
        try (Container c = Container.start(container)) {
            library = c.store().library(null).info().id();
            for (int i = 0; i < LOCATIONS; i++) {
                Path folder = Files.createDirectories(dir.resolve("location" + i));
                locations.add(UUID.fromString(c.registry().call(Caller.host("bench"), "vdfs.location_add", null,
                        json.createObjectNode().put("path", folder.toString())).path("uuid").asText()));
            }
        }
        Path file = container.resolve("data/store/libraries").resolve(library.toString());
        long t0 = System.nanoTime();
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "vdfs", "")) {
            fill(db);
            long locationId;
            try (PreparedStatement ps = db.prepareStatement("SELECT id FROM locations WHERE uuid = ?")) {
                ps.setObject(1, locations.get(1));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locationId = rs.getLong(1);
                }
            }
            System.out.printf(Locale.ROOT, "library filled in %.1f s (%,d MiB file)%n", (System.nanoTime() - t0) / 1e9,
                    Files.size(Path.of(file + ".mv.db")) >> 20);
            explain(db, "entries by location", "SELECT e.uuid FROM entries e JOIN locations l ON l.id = e.location_id "
                    + "LEFT JOIN content_identities c ON c.uuid = e.content_uuid LEFT JOIN media_metadata m "
                    + "ON m.content_uuid = e.content_uuid WHERE TRUE AND e.location_id = " + locationId + " AND e.path >= '' "
                    + "ORDER BY e.location_id, e.path LIMIT 100 OFFSET 0");
            explain(db, "models by type", "SELECT uuid FROM models WHERE extension_id = 'photos' AND model_type = "
                    + "'Type2' ORDER BY extension_id, model_type, id LIMIT 100 OFFSET 0");
        }

        try (Container c = Container.start(container)) {
            Library lib = c.store().library(library);
            writer = lib;
            LocationIndexer indexer = c.service(LocationIndexer.class);
            UUID location = locations.get(1);
            ModelQuery models = new ModelQuery("Type2", true);
            if (lib.queryModels("photos", models).isEmpty() || indexer.queryEntries(library,
                    new EntryQuery(location, null, null, null, null, null, 100, 0)).size() != 100) {
                throw new IllegalStateException("the filled library does not answer as expected");
            }
            ObjectNode modelsIn = json.createObjectNode().put("extension_id", "photos").put("model_type", "Type2")
                    .put("select_inline_only", true);
            ObjectNode entriesIn = json.createObjectNode().put("in_location", location.toString()).put("limit", 100);
            Caller host = Caller.host("bench");
            report(summary, "models by extension and type, inline only, first page (Library.queryModels)",
                    time(() -> lib.queryModels("photos", models).size()), true);
            report(summary, "the same through vdfs.query_models (JSON out)",
                    time(() -> c.registry().call(host, "vdfs.query_models", library, modelsIn).size()), false);
            report(summary, "entries in a location, first page of 100 (LocationIndexer.queryEntries)",
                    time(() -> indexer.queryEntries(library, new EntryQuery(location, null, null, null, null, null,
                            100, 0)).size()), true);
            report(summary, "the same through vdfs.query_entries (JSON out)",
                    time(() -> c.registry().call(host, "vdfs.query_entries", library, entriesIn).size()), false);
            report(summary, "entries in a location, page 100 (offset 9,900)",
                    time(() -> indexer.queryEntries(library, new EntryQuery(location, null, null, null, null, null,
                            100, 9_900)).size()), false);
            // keyset paging: the same page, after the last entry of page 99
            EntryInfo last = indexer.queryEntries(library, new EntryQuery(location, null, null, null, null, null, 1,
                    9_899)).get(0);
            report(summary, "entries in a location, page 100 (after the last entry of page 99)",
                    time(() -> indexer.queryEntries(library, new EntryQuery(location, null, null, null, null, null,
                            100, 0, EntryScope.ALL, last.locationUuid(), last.path())).size()), false);
            // An extension's entry scope (entry_globs) is a REGEXP_LIKE condition of the same query:
            // its cost grows with the rows H2 reads to fill a page, i.e. how rare matches are.
            EntryScope jpgs = new EntryScope(List.of("**/*.jpg"), null);
            report(summary, "the first page scoped to **/*.jpg (1 entry in 10 matches)",
                    time(() -> indexer.queryEntries(library, new EntryQuery(location, null, null, null, null, null,
                            100, 0, jpgs)).size()), false);
            // A scoped extension's call that names an entry checks the entry's path against its
            // location's folder: found through locations() until it counted every location's entries.
            report(summary, "the locations with their entry counts (LocationIndexer.locations)",
                    time(() -> indexer.locations(library).size()), false);
            report(summary, "one location's folder (LocationIndexer.locationFolder)",
                    time(() -> indexer.locationFolder(library, location).isPresent() ? 1 : 0), false);
            EntryScope lastFolder = new EntryScope(List.of("d0249/**"), null);
            report(summary, "the first page scoped to d0249/** (the last 1,000 of 250,000 match)",
                    time(() -> indexer.queryEntries(library, new EntryQuery(location, null, null, null, null, null,
                            100, 0, lastFolder)).size()), false);
        }
    }

    @FunctionalInterface
    private interface Query {
        int run() throws Exception;
    }

    /** Writes one row to the library before each run of a query (not timed); see {@link #time}. */
    private static Library writer;
    private static long written;

    /**
     * Milliseconds of each timed run, after warm-up; checks each answered something. Each run
     * follows a write to the library, as in a library that is in use: H2 hands a statement's
     * previous result back when neither its parameters nor any data changed since, and the
     * store keeps its statements, so without the write every run after the first measured that.
     */
    private static double[] time(Query query) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            write();
            query.run();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            write();
            long t = System.nanoTime();
            if (query.run() == 0) {
                throw new IllegalStateException("a query answered nothing");
            }
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void write() throws Exception {
        writer.recordContent(String.format(Locale.ROOT, "f%063x", ++written), 1, "unknown"); // the fill's hashes are decimal
    }

    private static void report(List<String> summary, String what, double[] ms, boolean target) {
        double median = ms[ms.length / 2];
        double p99 = ms[(int) Math.ceil(ms.length * 0.99) - 1];
        System.out.printf(Locale.ROOT, "%-82s median %6.2f ms, p99 %6.2f ms%s%n", what, median, p99,
                target ? "   [target <= 10 ms median: " + (median <= 10 ? "met" : "MISSED") + "]" : "");
        if (target) {
            summary.add(String.format(Locale.ROOT, "| %s, %,d entries | median %.2f ms, p99 %.2f ms | - | - | "
                    + "<= 10 ms: %s |", what, ENTRIES, median, p99, median <= 10 ? "met" : "**missed**"));
        }
    }

    private static void explain(Connection db, String what, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            rs.next();
            System.out.println("H2 plan, " + what + ":");
            System.out.println("  " + rs.getString(1).replace("\n", "\n  "));
        }
    }

    /**
     * Uuids are time-ordered and hashes sequential, so that the fill appends to its indexes (a
     * random key per row makes H2 rewrite a page per row; the queries only look keys up).
     * Content identities, media rows for a tenth of them (images), entries spread over the
     * locations in folders of 1,000, and models of several types per extension created interleaved
     * (as extensions analyse files), each on a content with its metadata row; a tenth of the
     * models carry a blob field. In chunks of {@value #CHUNK} rows, one commit each.
     */
    private static void fill(Connection db) throws Exception {
        db.setAutoCommit(false);
        List<Long> locationIds = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM locations ORDER BY id")) {
            while (rs.next()) {
                locationIds.add(rs.getLong(1));
            }
        }
        chunks(db, CONTENTS, "INSERT INTO content_identities (id, uuid, blake3_hash, size_bytes, kind, mime_type, "
                + "first_seen_at) SELECT X, RANDOM_UUID(7), LPAD(TO_CHAR(X), 64, '0'), "
                + "1000 + MOD(X * 7919, 100000), CASE WHEN MOD(X, 10) = 0 THEN 'image' ELSE 'text' END, "
                + "CASE WHEN MOD(X, 10) = 0 THEN 'image/jpeg' ELSE 'text/plain' END, CURRENT_TIMESTAMP "
                + "FROM SYSTEM_RANGE(?, ?)");
        chunks(db, CONTENTS, "INSERT INTO media_metadata (content_uuid, taken_at, latitude, longitude, camera_make, "
                + "camera_model, width, height, extracted_at) SELECT c.uuid, CURRENT_TIMESTAMP - X * INTERVAL '1' "
                + "MINUTE, 48.0 + MOD(X, 100) / 100.0, 2.0 + MOD(X, 77) / 100.0, 'TestCam', 'T-1', 4032, 3024, "
                + "CURRENT_TIMESTAMP FROM SYSTEM_RANGE(?, ?) JOIN content_identities c ON c.id = X "
                + "WHERE MOD(X, 10) = 0");
        int perLocation = ENTRIES / LOCATIONS;
        String locationCase = "CASE (X - 1) / " + perLocation + ' ' + caseOf(locationIds) + " END";
        chunks(db, ENTRIES, "INSERT INTO entries (uuid, location_id, path, name, kind, size_bytes, content_uuid, "
                + "created_at, modified_at, indexed_at, seen_run) SELECT RANDOM_UUID(7), " + locationCase + ", "
                + "'d' || LPAD(CAST(MOD(X - 1, " + perLocation + ") / 1000 AS VARCHAR), 4, '0') || '/f' || "
                + "MOD(X - 1, 1000) || CASE WHEN MOD(X, 10) = 0 THEN '.jpg' ELSE '.txt' END, "
                + "'f' || MOD(X - 1, 1000) || CASE WHEN MOD(X, 10) = 0 THEN '.jpg' ELSE '.txt' END, 'file', "
                + "c.size_bytes, c.uuid, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1 "
                + "FROM SYSTEM_RANGE(?, ?) JOIN content_identities c ON c.id = MOD(X - 1, " + CONTENTS + ") + 1");
        chunks(db, MODELS, "INSERT INTO user_metadata (id, uuid, created_at, updated_at) "
                + "SELECT X, RANDOM_UUID(7), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(?, ?)");
        chunks(db, MODELS, "INSERT INTO models (id, uuid, extension_id, model_type, data, content_identity_uuid, "
                + "standalone, metadata_id, sync_strategy, created_at, updated_at) SELECT X, RANDOM_UUID(7), "
                + "CASE MOD(X, 2) WHEN 0 THEN '" + EXTENSIONS[0] + "' ELSE '" + EXTENSIONS[1] + "' END, "
                + "'Type' || MOD(X / 2, " + TYPES + "), '{\"score\": ' || MOD(X, 97) || ', \"labels\": [\"a\", \"b\"]}', "
                + "c.uuid, FALSE, X, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
                + "FROM SYSTEM_RANGE(?, ?) JOIN content_identities c ON c.id = MOD(X * 7, " + CONTENTS + ") + 1");
        try (Statement s = db.createStatement()) {
            s.executeUpdate("INSERT INTO metadata_blobs (blob_hash, blob_data, blob_type, size_bytes, compression, "
                    + "reference_count, created_at, last_accessed_at) VALUES ('" + "ab".repeat(32) + "', X'00', "
                    + "'bytes', 1, NULL, " + MODELS / 10 + ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            s.executeUpdate("INSERT INTO model_blobs (model_uuid, blob_key, blob_id, blob_type) SELECT m.uuid, "
                    + "'embedding', (SELECT MAX(id) FROM metadata_blobs), 'bytes' FROM models m WHERE MOD(m.id, 10) = 0");
            // the fill gave ids itself: the identity columns go on past them, as after real inserts
            s.execute("ALTER TABLE content_identities ALTER COLUMN id RESTART WITH " + (CONTENTS + 1));
            s.execute("ALTER TABLE user_metadata ALTER COLUMN id RESTART WITH " + (MODELS + 1));
            s.execute("ALTER TABLE models ALTER COLUMN id RESTART WITH " + (MODELS + 1));
            s.execute("ANALYZE");
        }
        db.commit();
    }

    private static String caseOf(List<Long> ids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            sb.append("WHEN ").append(i).append(" THEN ").append(ids.get(i)).append(' ');
        }
        return sb.toString();
    }

    private static void chunks(Connection db, int rows, String sql) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int from = 1; from <= rows; from += CHUNK) {
                ps.setInt(1, from);
                ps.setInt(2, Math.min(rows, from + CHUNK - 1));
                ps.executeUpdate();
                db.commit();
            }
        }
    }
}

package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;

/**
 * Issue 3, extension-owned tables through the real installer and a real guest:
 * an archive package of the Rust test extension carrying migrations/V1__notes.sql;
 * the guest writes and reads its table with ext.sql.* through spacedrive_call;
 * another extension is refused that table by the database; a failing upgrade
 * migration is refused by the installer and the previous version keeps working.
 */
class ExtensionTablesGuestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    Path dir;

    private static Path archive(Path file, String id, String version, Map<String, String> migrations) throws Exception {
        String manifest = new String(Fixtures.testExtensionManifest(), StandardCharsets.UTF_8)
                .replace("\"test-extension\"", "\"" + id + "\"")
                .replace("\"test-extension.\"", "\"" + id + ".\", \"ext.sql.\"")
                .replace("\"version\": \"0.1.0\"", "\"version\": \"" + version + "\"");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("manifest.json", Fixtures.utf8(manifest));
        entries.put("test-extension.wasm", Fixtures.testExtensionWasm());
        migrations.forEach((name, sql) -> entries.put("migrations/" + name, Fixtures.utf8(sql)));
        return Fixtures.archive(file, entries);
    }

    /** The guest `id` calls `method` with `payload` through its own spacedrive_call. */
    private static JsonNode viaGuest(OperationRegistry registry, String id, String method, JsonNode payload)
            throws Exception {
        ObjectNode input = JSON.createObjectNode().put("method", method);
        input.set("payload", payload);
        return registry.call(SHELL, id + ".call", null, input);
    }

    private static ObjectNode sql(String sql, Object... params) {
        ObjectNode node = JSON.createObjectNode().put("sql", sql);
        node.set("params", JSON.valueToTree(params));
        return node;
    }

    @Test
    void aGuestOwnsTablesByMigrationAndOthersAreRefusedThem() throws Exception {
        try (Container c = Container.start(dir)) {
            Map<String, String> v1 = Map.of("V1__notes.sql",
                    "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(500) NOT NULL);");
            assertEquals(ExtensionState.ACTIVE,
                    c.installer().install(archive(dir.resolve("noter-1.zip"), "noter", "0.1.0", v1)).state());
            OperationRegistry registry = c.registry();

            JsonNode inserted = viaGuest(registry, "noter", "ext.sql.execute",
                    sql("INSERT INTO notes (id, body) VALUES (?, ?), (?, ?)", 1, "first; with a semicolon", 2,
                            "second"));
            assertEquals(2, inserted.path("ok").path("updated").asInt(), inserted.toString());
            JsonNode read = viaGuest(registry, "noter", "ext.sql.query",
                    sql("SELECT id, body FROM notes WHERE id >= ? ORDER BY id", 1));
            JsonNode ok = read.path("ok");
            assertEquals("[\"ID\",\"BODY\"]", ok.path("columns").toString(), read.toString());
            assertEquals("[[1,\"first; with a semicolon\"],[2,\"second\"]]", ok.path("rows").toString());
            assertEquals(false, ok.path("truncated").asBoolean(true));

            // a guest cannot act as another extension
            ObjectNode asOther = sql("SELECT 1");
            asOther.put("extension_id", "someone-else");
            assertEquals("permission_denied", viaGuest(registry, "noter", "ext.sql.query", asOther)
                    .path("error").path("code").asText());

            // a second extension: refused the first one's table (by the database) and the core's
            c.installer().install(archive(dir.resolve("peeker.zip"), "peeker", "0.1.0", Map.of()));
            JsonNode peek = viaGuest(registry, "peeker", "ext.sql.query", sql("SELECT * FROM EXT_NOTER.notes"));
            assertEquals("permission_denied", peek.path("error").path("code").asText(), peek.toString());
            assertTrue(peek.path("error").path("message").asText().contains("Not enough rights"), peek.toString());
            JsonNode core = viaGuest(registry, "peeker", "ext.sql.query", sql("SELECT * FROM PUBLIC.models"));
            assertEquals("permission_denied", core.path("error").path("code").asText(), core.toString());
            JsonNode own = viaGuest(registry, "peeker", "ext.sql.query", sql("SELECT * FROM notes"));
            assertTrue(own.path("error").path("message").asText().contains("not found"), own.toString());

            // an upgrade whose migration fails is refused, and version 0.1.0 keeps its table and its rows
            Map<String, String> broken = new LinkedHashMap<>(v1);
            broken.put("V2__broken.sql", "CREATE TABLE extra (x INT);\nALTER TABLE notes ADD COLUMN nope;");
            ExtensionException refused = assertThrows(ExtensionException.class, () -> c.installer().install(
                    archive(dir.resolve("noter-2.zip"), "noter", "0.2.0", broken)));
            assertTrue(refused.getMessage().contains("V2__broken.sql"), refused.getMessage());
            assertEquals("0.1.0", c.extensions().find("noter").orElseThrow().manifest().version());
            JsonNode after = viaGuest(registry, "noter", "ext.sql.query", sql("SELECT COUNT(*) AS n FROM notes"));
            assertEquals(2, after.path("ok").path("rows").get(0).get(0).asInt(), after.toString());
            JsonNode noExtra = viaGuest(registry, "noter", "ext.sql.query", sql("SELECT * FROM extra"));
            assertTrue(noExtra.path("error").path("message").asText().contains("not found"), noExtra.toString());

            // a good upgrade runs only its new migration
            Map<String, String> v2 = new LinkedHashMap<>(v1);
            v2.put("V2__pinned.sql", "ALTER TABLE notes ADD COLUMN pinned BOOLEAN DEFAULT FALSE NOT NULL;");
            c.installer().install(archive(dir.resolve("noter-3.zip"), "noter", "0.2.0", v2));
            JsonNode pinned = viaGuest(registry, "noter", "ext.sql.query",
                    sql("SELECT COUNT(*) FROM notes WHERE NOT pinned"));
            assertEquals(2, pinned.path("ok").path("rows").get(0).get(0).asInt(), pinned.toString());
        }
    }
}

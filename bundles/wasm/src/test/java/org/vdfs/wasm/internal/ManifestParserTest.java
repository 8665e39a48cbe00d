package org.vdfs.wasm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionManifest;
import org.vdfs.api.extension.Permissions;

class ManifestParserTest {

    private static ExtensionManifest parse(String json) throws ExtensionException {
        return ManifestParser.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    /** The message of the refusal of {@code json}. */
    private static String problem(String json) {
        ExtensionException e = assertThrows(ExtensionException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("test.json"), e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected `" + part + "` in: " + message);
        }
    }

    @Test
    void readsAFullManifest() throws ExtensionException {
        ExtensionManifest m = parse("""
                {"id": "photos", "name": "Photos", "version": "1.2.3", "description": "Faces and places",
                 "author": "Ada", "homepage": "https://example.org", "wasm_file": "photos.wasm",
                 "min_core_version": "0.5.0", "config_schema": {"type": "object"},
                 "permissions": {
                   "methods": ["vdfs.", " query:ai.ocr.v1 "],
                   "libraries": ["0e9ad9c3-6b5a-4c5b-9a44-5a4bcd1c0a01"],
                   "rate_limits": {"requests_per_minute": 60, "concurrent_jobs": 2},
                   "network_access": ["api.example.org"],
                   "max_memory_mb": 64}}
                """);
        assertEquals("photos", m.id());
        assertEquals("Photos", m.name());
        assertEquals("1.2.3", m.version());
        assertEquals("Faces and places", m.description());
        assertEquals("Ada", m.author());
        assertEquals("https://example.org", m.homepage());
        assertEquals("photos.wasm", m.wasmFile());
        assertEquals("0.5.0", m.minCoreVersion());
        assertEquals("object", m.configSchema().path("type").asText());
        assertEquals(new Permissions(List.of("vdfs.", "query:ai.ocr.v1"),
                List.of("0e9ad9c3-6b5a-4c5b-9a44-5a4bcd1c0a01"), 60, 2, List.of("api.example.org"), 64),
                m.permissions());
    }

    @Test
    void readsEntryGlobsAndSidecarKindsAndLeavesAbsentOnesNull() throws ExtensionException {
        Permissions p = parse("{\"id\": \"photos\", \"version\": \"1.0\", \"permissions\": {"
                + "\"entry_globs\": [\"**/*.jpg\"], \"sidecars\": {\"write\": [\"faces\"]}}}").permissions();
        assertEquals(List.of("**/*.jpg"), p.entryGlobs());
        assertNull(p.sidecarRead());
        assertEquals(List.of("faces"), p.sidecarWrite());
        Permissions none = parse("{\"id\": \"tiny\", \"version\": \"1.0\"}").permissions();
        assertNull(none.entryGlobs());
        assertNull(none.sidecarWrite());
        ExtensionException bad = assertThrows(ExtensionException.class, () -> parse("{\"id\": \"x\", "
                + "\"version\": \"1.0\", \"permissions\": {\"entry_globs\": \"**\", \"sidecars\": [\"faces\"]}}"));
        assertTrue(bad.getMessage().contains("entry_globs") && bad.getMessage().contains("sidecars"), bad.getMessage());
    }

    @Test
    void appliesTheAbiDefaults() throws ExtensionException {
        ExtensionManifest m = parse("{\"id\": \"tiny\", \"version\": \"1.0\"}");
        assertEquals("tiny", m.name());
        assertEquals("", m.description());
        assertNull(m.wasmFile());
        assertNull(m.configSchema());
        Permissions p = m.permissions();
        assertEquals(List.of(), p.methods());
        assertEquals(List.of("*"), p.libraries());
        assertEquals(1000, p.requestsPerMinute());
        assertEquals(10, p.concurrentJobs());
        assertEquals(List.of(), p.networkAccess());
        assertEquals(512, p.maxMemoryMb());
    }

    @Test
    void keepsUnknownFieldsInRaw() throws ExtensionException {
        ExtensionManifest m = parse("{\"id\": \"tiny\", \"version\": \"1.0.0\", \"ui\": {\"icon\": \"star.svg\"}}");
        assertEquals("star.svg", m.raw().path("ui").path("icon").asText());
    }

    @Test
    void missingIdIsNamed() {
        assertMentions(problem("{\"version\": \"1.0.0\"}"), "`id` is missing");
    }

    @Test
    void idWithBadCharactersIsNamed() {
        assertMentions(problem("{\"id\": \"My Photos!\", \"version\": \"1.0.0\"}"), "`id`", "My Photos!");
        assertMentions(problem("{\"id\": \"../etc\", \"version\": \"1.0.0\"}"), "`id`");
        assertMentions(problem("{\"id\": \"a\\nb\", \"version\": \"1.0.0\"}"), "`id`");
    }

    @Test
    void idThatIsNotAStringIsNamed() {
        assertMentions(problem("{\"id\": 42, \"version\": \"1.0.0\"}"), "`id` must be a non-empty string");
    }

    @Test
    void missingOrBadVersionIsNamed() {
        assertMentions(problem("{\"id\": \"x\"}"), "`version` is missing");
        assertMentions(problem("{\"id\": \"x\", \"version\": \"latest\"}"), "`version`", "latest");
    }

    @Test
    void nonIntegerLimitsAreNamed() {
        assertMentions(problem("""
                {"id": "x", "version": "1.0.0", "permissions": {
                  "rate_limits": {"requests_per_minute": 1.5, "concurrent_jobs": "4"}, "max_memory_mb": true}}
                """), "`requests_per_minute`", "`concurrent_jobs`", "`max_memory_mb`");
    }

    @Test
    void negativeOrZeroLimitsAreNamed() {
        assertMentions(problem("""
                {"id": "x", "version": "1.0.0", "permissions": {
                  "rate_limits": {"requests_per_minute": -1, "concurrent_jobs": 0}, "max_memory_mb": -512}}
                """), "`requests_per_minute`", "`concurrent_jobs`", "`max_memory_mb`");
    }

    @Test
    void limitBeyondAnIntIsNamed() {
        assertMentions(problem("{\"id\": \"x\", \"version\": \"1.0.0\", \"permissions\": {\"max_memory_mb\": 4294967296}}"),
                "`max_memory_mb`");
    }

    @Test
    void nonArrayMethodsAreNamed() {
        assertMentions(problem("{\"id\": \"x\", \"version\": \"1.0.0\", \"permissions\": {\"methods\": \"vdfs.\"}}"),
                "`permissions.methods` must be an array");
    }

    @Test
    void blankOrNonStringMethodIsNamed() {
        assertMentions(problem("{\"id\": \"x\", \"version\": \"1.0.0\", \"permissions\": {\"methods\": [\"vdfs.\", 3]}}"),
                "`permissions.methods`");
        assertMentions(problem("{\"id\": \"x\", \"version\": \"1.0.0\", \"permissions\": {\"methods\": [\" \"]}}"),
                "`permissions.methods`");
    }

    @Test
    void libraryThatIsNeitherStarNorUuidIsNamed() {
        assertMentions(problem("{\"id\": \"x\", \"version\": \"1.0.0\", \"permissions\": {\"libraries\": [\"home\"]}}"),
                "`permissions.libraries`", "home");
    }

    @Test
    void permissionsThatAreNotAnObjectAreNamed() {
        assertMentions(problem("{\"id\": \"x\", \"version\": \"1.0.0\", \"permissions\": [\"vdfs.\"]}"),
                "`permissions` must be an object");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertMentions(problem("{\"id\": \"Bad Id\", \"permissions\": {\"methods\": {}}}"),
                "`id`", "`version` is missing", "`permissions.methods`");
    }

    @Test
    void textThatIsNotAJsonObjectIsRefused() {
        assertMentions(problem("{ not json"), "not valid JSON");
        assertMentions(problem("[1, 2]"), "must be a JSON object");
        assertMentions(problem(""), "must be a JSON object");
    }
}

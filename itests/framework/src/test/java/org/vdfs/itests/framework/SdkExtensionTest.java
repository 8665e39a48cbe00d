package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.api.store.ContentIdentity;

/**
 * Issue 6: the test extension as the Rust SDK builds it. Its manifest comes from
 * #[extension] alone (acceptance 3), its models keep blob fields apart and load
 * them lazily (acceptance 2), and host errors reach Rust as typed errors with the
 * host's code and message (acceptance 5). A #[task]'s timeout_ms is enforced by the
 * host: a task that hangs is stopped, retried from the job's last checkpoint, and
 * fails the job once its retries are spent. ctx.ai() reaches the AI registry
 * (issue 7) with the UseModel permission and is refused without it.
 */
class SdkExtensionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    static Path dir;
    static Container container;

    @BeforeAll
    static void start() throws Exception {
        container = Container.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void theManifestIsGeneratedFromTheAttributeAndTheArchiveAgrees() throws Exception {
        byte[] wasm = Fixtures.testExtensionWasm();
        byte[] embedded = Fixtures.testExtensionManifest();
        Map<String, byte[]> archive = unzip(Fixtures.testExtensionArchive());
        assertEquals(List.of("manifest.json", "test-extension.wasm"), List.copyOf(archive.keySet()));
        assertArrayEquals(embedded, archive.get("manifest.json"), "manifest.json is the embedded section, byte for byte");
        assertArrayEquals(wasm, archive.get("test-extension.wasm"));

        // nobody writes it by hand: there is no manifest.json in the crate, and what the
        // manifest says is what #[extension(...)] in src/lib.rs says
        Path crate = Paths.get(System.getProperty("vdfs.test.extension.dir", "../../extensions/test-extension"));
        assertFalse(Files.exists(crate.resolve("manifest.json")), "no hand-written manifest.json");
        String source = Files.readString(crate.resolve("src/lib.rs"));
        // written only with the SDK: no unsafe code, no FFI of its own
        assertTrue(source.contains("#![deny(unsafe_code)]"));
        for (String ffi : List.of("unsafe ", "unsafe{", "extern ", "no_mangle", "link_section", "export_name")) {
            assertFalse(source.contains(ffi), "the extension's own code has " + ffi);
        }
        JsonNode manifest = JSON.readTree(embedded);
        assertTrue(source.contains("id = \"test-extension\"") && source.contains("version = \"0.1.0\""));
        assertTrue(source.contains("description = \"" + manifest.path("description").asText() + "\""), manifest.toString());
        assertEquals("test-extension.wasm", manifest.path("wasm_file").asText());
        assertEquals(JSON.readTree("[\"core.\",\"extensions.\",\"test-extension.\"]"), manifest.path("permissions").path("methods"));
        assertEquals(2, manifest.path("permissions").path("rate_limits").path("concurrent_jobs").asInt());
        assertEquals(64, manifest.path("permissions").path("max_memory_mb").asInt());

        // the archive installs and runs as the module does
        Path zip = Files.write(dir.resolve("test-extension-0.1.0.zip"), Fixtures.testExtensionArchive());
        ExtensionInfo installed = container.installer().install(zip);
        assertEquals(ExtensionState.ACTIVE, installed.state(), () -> "error: " + installed.error());
        assertEquals(manifest.path("description").asText(), installed.manifest().description());
        assertTrue(installed.operations().contains("test-extension.try_call"), installed.operations().toString());
        assertEquals("test-extension:counter", installed.jobs().get(0).fullName());
        container.installer().uninstall("test-extension");
    }

    @Test
    void contentScopedAndStandaloneModelsComeBackWithTheirBlobsLoadedLazily() throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(Fixtures.testExtensionManifest());
        manifest.put("id", "sdk-models").put("wasm_file", "sdk-models.wasm");
        ((ArrayNode) manifest.path("permissions").path("methods")).add("vdfs.");
        container.installer().install(Fixtures.beside(dir.resolve("sdk-models"), "sdk-models.wasm",
                Fixtures.testExtensionWasm(), manifest.toString()));
        ContentIdentity photo = container.store().library(container.store().defaultLibraryId())
                .recordContent("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", 2048, "image");
        OperationRegistry registry = container.registry();

        JsonNode report = registry.call(SHELL, "sdk-models.models_demo", null,
                JSON.createObjectNode().put("content_uuid", photo.uuid().toString()));
        JsonNode analysis = report.path("analysis");
        assertEquals(analysis.path("uuid"), analysis.path("read_uuid"), report.toString());
        assertEquals(2, analysis.path("faces").asInt());
        assertEquals("beach", analysis.path("label").asText());
        assertEquals(0, analysis.path("inline_embedding_len").asInt(), "the blob is not read with the model");
        assertEquals(JSON.readTree("[0.25,0.5,0.75]"), analysis.path("embedding"), "the accessor loads it");
        JsonNode person = report.path("person");
        assertEquals(person.path("uuid"), person.path("read_uuid"), report.toString());
        assertEquals("Alice", person.path("name").asText());
        assertEquals(42, person.path("photo_count").asInt());
        assertEquals(0, person.path("inline_embeddings_len").asInt());
        assertEquals(JSON.readTree("[[0.125,0.25],[0.5,1.5]]"), person.path("embeddings"));
        assertEquals(JSON.readTree("[\"#family\"]"), person.path("tags"));

        // what the store holds: inline data without the blob, the blob apart
        JsonNode stored = registry.call(SHELL, "vdfs.get_model_by_content", null, JSON.createObjectNode()
                .put("extension_id", "sdk-models").put("model_type", "PhotoAnalysis")
                .put("content_uuid", photo.uuid().toString()).put("select_inline_only", true));
        assertEquals("content", stored.path("scope").asText(), stored.toString());
        assertEquals(JSON.readTree("{\"faces\":2,\"label\":\"beach\"}"), stored.path("data"));
        assertEquals(JSON.readTree("[\"embedding\"]"), stored.path("blob_keys"));
        JsonNode people = registry.call(SHELL, "vdfs.query_models", null, JSON.createObjectNode()
                .put("extension_id", "sdk-models").put("model_type", "Person").put("select_inline_only", true));
        assertEquals("standalone", people.get(0).path("scope").asText(), people.toString());
        assertFalse(people.get(0).path("data").has("embeddings"));
        container.installer().uninstall("sdk-models");
    }

    @Test
    void hostErrorsArriveInRustTypedWithTheHostsCodeAndMessage() throws Exception {
        container.installer().install(Files.write(dir.resolve("typed.wasm"), Fixtures.testExtensionWasm()));
        OperationRegistry registry = container.registry();
        try {
            // denied: the test extension is not granted vdfs.*
            JsonNode raw = registry.call(SHELL, "test-extension.call", null, JSON.readTree(
                    "{\"method\":\"vdfs.query_entries\",\"payload\":{}}")).path("error");
            JsonNode denied = registry.call(SHELL, "test-extension.try_call", null, JSON.readTree(
                    "{\"method\":\"vdfs.query_entries\",\"payload\":{}}"));
            assertEquals("error", denied.path("outcome").asText(), denied.toString());
            assertEquals("PermissionDenied", denied.path("variant").asText(), "matched as ErrorCode::PermissionDenied");
            assertEquals("permission_denied", denied.path("code").asText());
            assertEquals(raw.path("message").asText(), denied.path("message").asText(), "the host's message, unchanged");
            assertTrue(denied.path("message").asText().contains("vdfs.query_entries"), denied.toString());

            // unknown: granted by prefix (core.) but no such operation
            JsonNode unknown = registry.call(SHELL, "test-extension.try_call", null, JSON.readTree(
                    "{\"method\":\"core.no_such_operation\",\"payload\":{}}"));
            assertEquals("UnknownMethod", unknown.path("variant").asText(), unknown.toString());
            assertEquals("unknown_method", unknown.path("code").asText());
            assertTrue(unknown.path("message").asText().contains("core.no_such_operation"), unknown.toString());

            // and a call that works comes back as a value
            JsonNode ok = registry.call(SHELL, "test-extension.try_call", null, JSON.readTree(
                    "{\"method\":\"core.ping\",\"payload\":{\"n\":1}}"));
            assertEquals("ok", ok.path("outcome").asText(), ok.toString());
            assertEquals(1, ok.path("value").path("echo").path("n").asInt());
        } finally {
            container.installer().uninstall("test-extension");
        }
    }

    private static JsonNode tasks(int items, Integer stuckAt, int stuckAttempts) {
        ObjectNode p = JSON.createObjectNode().put("items", items).put("stuck_attempts", stuckAttempts);
        return stuckAt == null ? p : p.put("stuck_at", stuckAt);
    }

    @Test
    void aTaskThatRunsPastItsTimeoutIsStoppedAndRetriedFromTheLastCheckpoint() throws Exception {
        container.installer().install(Files.write(dir.resolve("tasks.wasm"), Fixtures.testExtensionWasm()));
        JobManager jobs = container.jobs();
        Duration wait = Duration.ofSeconds(60);
        try {
            // tasks that finish in time are not touched
            JobRecord quick = jobs.await(jobs.dispatch("test-extension:tasks", null, tasks(4, null, 0)).id(), wait);
            assertEquals(JobStatus.COMPLETED, quick.status(), () -> quick.error() + " " + quick.warnings());
            JsonNode done = JSON.readTree(quick.checkpoint());
            assertEquals(4, done.path("done").asInt());
            assertEquals(JSON.readTree("[0]"), done.path("runs"), "one run");
            assertEquals(4, quick.items());
            assertEquals(List.of(), quick.warnings());

            // `stuck` (retries = 2, timeout_ms = 300) hangs on its first attempt at item 2: the guest
            // is stopped, the job runs again from the checkpoint after item 1, and the task's second
            // attempt returns
            JobRecord once = jobs.await(jobs.dispatch("test-extension:tasks", null, tasks(4, 2, 1)).id(), wait);
            assertEquals(JobStatus.COMPLETED, once.status(), () -> once.error() + " " + once.warnings());
            JsonNode state = JSON.readTree(once.checkpoint());
            assertEquals(JSON.readTree("[0,2]"), state.path("runs"), state.toString());
            assertEquals(JSON.readTree("[0,0,1,0]"), state.path("attempts"), "the retry is attempt 1: " + state);
            assertEquals(4, once.items(), "the items of the stopped run are not counted twice");
            assertEquals(1, once.warnings().size(), once.warnings().toString());
            assertTrue(once.warnings().get(0).contains("task `stuck`") && once.warnings().get(0).contains("300 ms")
                    && once.warnings().get(0).contains("attempt 1 of 3"), once.warnings().get(0));

            // hanging on every attempt: three attempts, then the job fails saying why
            JobRecord failed = jobs.await(jobs.dispatch("test-extension:tasks", null, tasks(4, 1, 99)).id(), wait);
            assertEquals(JobStatus.FAILED, failed.status(), () -> failed.toString());
            assertTrue(failed.error().contains("task `stuck` of job `test-extension:tasks` ran past its timeout of 300 ms")
                    && failed.error().contains("all 3 attempts"), failed.error());
            assertEquals(JSON.readTree("[0,1,1]"), JSON.readTree(failed.checkpoint()).path("runs"), "three runs, three attempts");
            assertEquals(1, failed.items());
            assertEquals(2, failed.warnings().size(), failed.warnings().toString());
        } finally {
            container.installer().uninstall("test-extension");
        }
    }

    /** An SDK-built extension's manifest under another id, with the permissions of #[extension] plus {@code edit}. */
    private static Path sdkCopy(String id, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(Fixtures.testExtensionManifest());
        manifest.put("id", id).put("wasm_file", id + ".wasm");
        edit.accept((ObjectNode) manifest.path("permissions"));
        return Fixtures.beside(dir.resolve(id), id + ".wasm", Fixtures.testExtensionWasm(), manifest.toString());
    }

    @Test
    void ctxAiGeneratesAndEmbedsThroughTheRegistryAndIsDeniedWithoutUseModel() throws Exception {
        // an OpenAI-compatible server on loopback: chat completions (the prompt upper-cased) and
        // embeddings ([length, 1] per input)
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        HttpServer server = AiFixtures.chatServer(seen);
        server.createContext("/v1/embeddings", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                seen.add(body);
                ObjectNode answer = JSON.createObjectNode().put("object", "list").put("model", body.path("model").asText());
                ArrayNode data = answer.putArray("data");
                for (int i = 0; i < body.path("input").size(); i++) {
                    data.addObject().put("object", "embedding").put("index", i).putArray("embedding")
                            .add(body.path("input").get(i).asText().length()).add(1.0);
                }
                byte[] out = JSON.writeValueAsBytes(answer);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        });
        try {
            container.configureFactory("org.vdfs.ai.openai", Map.of("id", "sdk-loopback", "url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "models",
                    "llm:tiny-llm, embedding:tiny-embed", "retries", 0));
            AiFixtures.awaitModel(container, "llm:tiny-llm");
            AiFixtures.awaitModel(container, "embedding:tiny-embed");
            // what Permission::UseModel(category = "llm") and (category = "embedding") write
            container.installer().install(sdkCopy("sdk-ai", p -> {
                ((ArrayNode) p.path("methods")).add("ai.generate").add("ai.embed").add("ai.models.list");
                p.putArray("models").add(JSON.createObjectNode().put("category", "llm").put("preference", "any"))
                        .add(JSON.createObjectNode().put("category", "embedding").put("preference", "any"));
            }));
            // the same methods, but no UseModel
            container.installer().install(sdkCopy("sdk-no-ai", p ->
                    ((ArrayNode) p.path("methods")).add("ai.generate").add("ai.embed").add("ai.models.list")));
            OperationRegistry registry = container.registry();
            ObjectNode in = JSON.createObjectNode().put("prompt", "hello from rust").put("system", "Shout")
                    .put("max_tokens", 12).put("temperature", 0.5);
            in.putArray("texts").add("ab").add("abcd");

            JsonNode ok = registry.call(SHELL, "sdk-ai.ai_demo", null, in);
            assertEquals("ok", ok.path("outcome").asText(), ok.toString());
            JsonNode value = ok.path("value");
            assertEquals(JSON.readTree("[\"llm:tiny-llm\"]"), value.path("models"), value.toString());
            assertEquals("llm:tiny-llm", value.at("/generated/model").asText());
            assertEquals("HELLO FROM RUST", value.at("/generated/text").asText());
            assertEquals("embedding:tiny-embed", value.at("/embeddings/model").asText());
            assertEquals(2, value.at("/embeddings/dimension").asInt());
            assertEquals(4.0, value.at("/embeddings/vectors/1/0").asDouble(), value.toString());
            assertEquals(1.0, value.at("/embeddings/vectors/0/1").asDouble());
            // what reached the server: the SDK's request, as the ai.* contract spells it
            JsonNode chat = seen.get(0);
            assertEquals("tiny-llm", chat.path("model").asText(), chat.toString());
            assertEquals("Shout", chat.at("/messages/0/content").asText(), chat.toString());
            assertEquals("hello from rust", chat.at("/messages/1/content").asText());
            assertEquals(12, chat.path("max_tokens").asInt(), chat.toString());
            assertEquals(0.5, chat.path("temperature").asDouble(), chat.toString());
            assertEquals(JSON.readTree("[\"ab\",\"abcd\"]"), seen.get(1).path("input"), seen.get(1).toString());

            JsonNode denied = registry.call(SHELL, "sdk-no-ai.ai_demo", null, in);
            assertEquals("error", denied.path("outcome").asText(), denied.toString());
            assertEquals("PermissionDenied", denied.path("variant").asText(), denied.toString());
            assertEquals("permission_denied", denied.path("code").asText());
            assertTrue(denied.path("message").asText().contains("permissions.models"), denied.toString());
            assertEquals(2, seen.size(), "a refused call never reaches the provider");
        } finally {
            server.stop(0);
            for (String id : List.of("sdk-ai", "sdk-no-ai")) {
                try {
                    container.installer().uninstall(id);
                } catch (Exception ignored) {
                    // not installed: its install failed above
                }
            }
        }
    }
}

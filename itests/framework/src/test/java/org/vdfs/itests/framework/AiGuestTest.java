package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.ai.AiRegistry;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationRegistry;

/**
 * Issue 7: a WASM guest reaches the AI registry through spacedrive_call. An
 * OpenAI-compatible server on loopback (speaking the chat completions
 * protocol) is configured as a provider through Configuration Admin; the guest
 * renders a prompt template shipped in its package's prompts/ and generates;
 * guests without the UseModel permission are refused.
 */
class AiGuestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    Path dir;

    /** An OpenAI-compatible chat server that answers with the prompt it got, upper-cased. */
    static HttpServer chatServer(List<JsonNode> seen) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                seen.add(body);
                String prompt = body.path("messages").get(body.path("messages").size() - 1).path("content").asText();
                ObjectNode answer = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                        .put("model", body.path("model").asText());
                answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                        .putObject("message").put("role", "assistant").put("content", prompt.toUpperCase());
                byte[] out = JSON.writeValueAsBytes(answer);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        });
        server.start();
        return server;
    }

    static void awaitModel(Container c, String qualifiedName) throws Exception {
        AiRegistry ai = c.service(AiRegistry.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ai.models().stream().noneMatch(m -> m.qualifiedName().equals(qualifiedName))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no model " + qualifiedName + " after 20 s: " + ai.models());
            }
            Thread.sleep(20);
        }
    }

    static Path aiPackage(Path dir, String id, String models, String prompt) throws Exception {
        String manifest = Fixtures.manifest(id, "\"ai.\", \"models.\"", models.isEmpty() ? "" : "\"models\": [" + models + "]");
        return Fixtures.archive(dir.resolve(id + ".zip"), prompt == null
                ? Map.of("manifest.json", Fixtures.utf8(manifest), "ai.wasm", Fixtures.wat("ai"))
                : Map.of("manifest.json", Fixtures.utf8(manifest), "ai.wasm", Fixtures.wat("ai"),
                        "prompts/receipt.jinja", Fixtures.utf8(prompt)));
    }

    @Test
    void aGuestRendersItsPromptTemplateAndGeneratesThroughTheRegistry() throws Exception {
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        HttpServer server = chatServer(seen);
        try (Container c = Container.start(dir)) {
            c.configureFactory("org.vdfs.ai.openai", Map.of("id", "loopback", "url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "models", "llm:tiny-llm",
                    "retries", 0));
            awaitModel(c, "llm:tiny-llm");
            c.installer().install(aiPackage(dir, "receipts", "{\"category\": \"llm\", \"preference\": \"any\"}",
                    "Shop: {{ shop }}.{% for i in items %} {{ i.name }}={{ '%.2f' | format(i.price) }}{% endfor %}"));
            OperationRegistry registry = c.registry();

            ObjectNode in = JSON.createObjectNode().put("template", "receipt").put("system", "List the items");
            in.putObject("variables").put("shop", "Corner").putArray("items")
                    .add(JSON.createObjectNode().put("name", "milk").put("price", 1.2))
                    .add(JSON.createObjectNode().put("name", "bread").put("price", 2.5));
            JsonNode out = registry.call(SHELL, "receipts.generate", null, in);
            assertEquals("llm:tiny-llm", out.path("model").asText(), out.toString());
            assertEquals("SHOP: CORNER. MILK=1.20 BREAD=2.50", out.path("text").asText(), out.toString());
            assertEquals("tiny-llm", seen.get(0).path("model").asText());
            assertEquals("List the items", seen.get(0).at("/messages/0/content").asText());

            JsonNode models = registry.call(SHELL, "receipts.models", null, JSON.createObjectNode());
            assertEquals("tiny-llm", models.path("models").get(0).path("name").asText(), models.toString());

            OperationException missing = assertThrows(OperationException.class, () -> registry.call(SHELL,
                    "receipts.generate", null, JSON.createObjectNode().put("template", "nope")));
            assertEquals("invalid_payload", missing.code(), missing.getMessage());

            // a remote-provider registration under the extension's own name
            JsonNode registered = registry.call(SHELL, "receipts.register", null, JSON.readTree(
                    "{\"name\": \"summarizer\", \"category\": \"llm\", \"source\": {\"provider\": \"loopback\", \"model\": \"tiny-llm\"}}"));
            assertEquals("summarizer", registered.path("name").asText(), registered.toString());
            JsonNode byName = registry.call(SHELL, "receipts.generate", null,
                    JSON.createObjectNode().put("prompt", "hi").put("model", "llm:summarizer"));
            assertEquals("llm:summarizer", byName.path("model").asText(), byName.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutTheModelPermissionAGuestIsRefused() throws Exception {
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        HttpServer server = chatServer(seen);
        try (Container c = Container.start(dir)) {
            c.configureFactory("org.vdfs.ai.openai", Map.of("url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "models", "tiny-llm"));
            awaitModel(c, "llm:tiny-llm");
            // may call ai.* methods, but lists no model category
            c.installer().install(aiPackage(dir, "nomodels", "", null));
            // may use OCR models only
            c.installer().install(aiPackage(dir, "ocronly", "{\"category\": \"ocr\", \"preference\": \"local\"}", null));
            OperationRegistry registry = c.registry();
            for (String op : List.of("nomodels.generate", "ocronly.generate")) {
                OperationException denied = assertThrows(OperationException.class,
                        () -> registry.call(SHELL, op, null, JSON.createObjectNode().put("prompt", "hi")));
                assertEquals("permission_denied", denied.code(), denied.getMessage());
                assertTrue(denied.getMessage().contains("permissions.models"), denied.getMessage());
            }
            JsonNode listed = registry.call(SHELL, "ocronly.models", null, JSON.createObjectNode());
            assertTrue(listed.path("models").isEmpty(), "an extension sees only the models it may use: " + listed);
            assertEquals(0, seen.size(), "a refused call never reaches the provider");
        } finally {
            server.stop(0);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void aGuestRendersItsPromptTemplateAndGeneratesThroughTheRegistry() throws Exception {
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        HttpServer server = AiFixtures.chatServer(seen);
        try (Container c = Container.start(dir, 30_000)) { // a first template render is slow on a busy machine
            c.configureFactory("org.vdfs.ai.openai", Map.of("id", "loopback", "url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "models", "llm:tiny-llm",
                    "retries", 0));
            AiFixtures.awaitModel(c, "llm:tiny-llm");
            c.installer().install(AiFixtures.aiPackage(dir, "receipts", "{\"category\": \"llm\", \"preference\": \"any\"}",
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

            // a package whose template does not parse is refused at install
            Path broken = AiFixtures.aiPackage(dir.resolve("broken"), "broken", "{\"category\": \"llm\"}", "{% for x in items %}{{ x }}");
            Exception refused = assertThrows(Exception.class, () -> c.installer().install(broken));
            assertTrue(refused.getMessage().contains("prompts/receipt.jinja"), refused.getMessage());

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
        HttpServer server = AiFixtures.chatServer(seen);
        try (Container c = Container.start(dir)) {
            c.configureFactory("org.vdfs.ai.openai", Map.of("url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "models", "tiny-llm"));
            AiFixtures.awaitModel(c, "llm:tiny-llm");
            // may call ai.* methods, but lists no model category
            c.installer().install(AiFixtures.aiPackage(dir, "nomodels", "", null));
            // may use OCR models only
            c.installer().install(AiFixtures.aiPackage(dir, "ocronly", "{\"category\": \"ocr\", \"preference\": \"local\"}", null));
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

    /**
     * {@code ai.embed} with {@code encoding_format: "base64"} (OpenAI's form): each vector as
     * base64 of its little-endian float32s, bit for bit the floats the default form gives.
     */
    @Test
    void aGuestGetsItsVectorsAsBase64FloatsExactly() throws Exception {
        float[] vector = { 0.1f, -2.5f, 3.0e-7f, Float.MIN_VALUE, 12345.678f };
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                ObjectNode answer = JSON.createObjectNode().put("object", "list").put("model", body.path("model").asText());
                com.fasterxml.jackson.databind.node.ArrayNode data = answer.putArray("data");
                for (int i = 0; i < body.path("input").size(); i++) {
                    com.fasterxml.jackson.databind.node.ArrayNode e = data.addObject().put("object", "embedding")
                            .put("index", i).putArray("embedding");
                    for (float f : vector) {
                        e.add(f * (i + 1));
                    }
                }
                byte[] out = JSON.writeValueAsBytes(answer);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                exchange.getResponseBody().write(out);
            }
        });
        server.start();
        try (Container c = Container.start(dir)) {
            c.configureFactory("org.vdfs.ai.openai", Map.of("id", "vectors", "url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "models", "embedding:tiny-embed",
                    "retries", 0));
            AiFixtures.awaitModel(c, "embedding:tiny-embed");
            c.installer().install(AiFixtures.aiPackage(dir, "vectors", "{\"category\": \"embedding\"}", null));
            OperationRegistry registry = c.registry();
            ObjectNode in = JSON.createObjectNode();
            in.putArray("texts").add("one").add("two");
            JsonNode floats = registry.call(SHELL, "vectors.embed", null, in);
            JsonNode packed = registry.call(SHELL, "vectors.embed", null, in.deepCopy().put("encoding_format", "base64"));
            assertEquals("base64", packed.path("encoding_format").asText(), packed.toString());
            assertEquals(5, packed.path("dimension").asInt());
            for (int i = 0; i < 2; i++) {
                java.nio.FloatBuffer decoded = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder()
                        .decode(packed.path("vectors").get(i).asText())).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer();
                assertEquals(5, decoded.remaining(), packed.toString());
                for (int k = 0; k < 5; k++) {
                    float expected = vector[k] * (i + 1);
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(decoded.get(k)), "base64 " + i + "/" + k);
                    assertEquals(expected, floats.path("vectors").get(i).get(k).floatValue(), "float " + i + "/" + k);
                }
            }
            OperationException wrong = assertThrows(OperationException.class, () -> registry.call(SHELL,
                    "vectors.embed", null, in.deepCopy().put("encoding_format", "hex")));
            assertEquals("invalid_payload", wrong.code(), wrong.getMessage());
            assertTrue(wrong.getMessage().contains("base64"), wrong.getMessage());
        } finally {
            server.stop(0);
        }
    }

    /**
     * A guest's model call runs on the thread that runs the guest (by default the host caller's
     * own): a provider that never answers is interrupted at the guest's deadline, and the host
     * gets its answer then.
     */
    @Test
    void aProviderThatHangsHoldsTheGuestNeverTheHost() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hung = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hung.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                release.await(60, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(503, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        hung.start();
        try (Container c = Container.start(dir)) { // guest call deadline 1 s
            c.configureFactory("org.vdfs.ai.openai", Map.of("id", "hung", "url",
                    "http://127.0.0.1:" + hung.getAddress().getPort() + "/v1", "models", "llm:stuck", "retries", 0));
            AiFixtures.awaitModel(c, "llm:stuck");
            c.installer().install(AiFixtures.aiPackage(dir, "waiter", "{\"category\": \"llm\"}", null));
            OperationRegistry registry = c.registry();
            OperationException stopped = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                    OperationException.class, () -> registry.call(SHELL, "waiter.generate", null,
                            JSON.createObjectNode().put("prompt", "hi"))), "the host waited for a hung provider");
            assertTrue(Set.of("deadline_exceeded", "timeout").contains(stopped.code()), stopped.code() + ": "
                    + stopped.getMessage());
            JsonNode models = registry.call(SHELL, "waiter.models", null, JSON.createObjectNode());
            assertEquals("stuck", models.path("models").get(0).path("name").asText(), models.toString());
        } finally {
            release.countDown();
            hung.stop(0);
        }
    }
}

package org.vdfs.itests.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vdfs.api.ai.AiRegistry;

/** What the AI tests and the AI benchmark share: the ai.wat guest's package, a chat server, waiting for models. */
public final class AiFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AiFixtures() {
    }

    /** An OpenAI-compatible chat server that answers with the prompt it got, upper-cased. */
    public static HttpServer chatServer(List<JsonNode> seen) throws Exception {
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

    public static void awaitModel(Container c, String qualifiedName) throws Exception {
        AiRegistry ai = c.service(AiRegistry.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ai.models().stream().noneMatch(m -> m.qualifiedName().equals(qualifiedName))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no model " + qualifiedName + " after 20 s: " + ai.models());
            }
            Thread.sleep(20);
        }
    }

    public static Path aiPackage(Path dir, String id, String models, String prompt) throws Exception {
        return aiPackage(dir, id, models, prompt, "");
    }

    /** @param morePermissions more members of the manifest's permissions, e.g. {@code "rate_limits": {...}} */
    public static Path aiPackage(Path dir, String id, String models, String prompt, String morePermissions) throws Exception {
        String extra = models.isEmpty() ? "" : "\"models\": [" + models + "]";
        if (!morePermissions.isEmpty()) {
            extra = extra.isEmpty() ? morePermissions : extra + ", " + morePermissions;
        }
        String manifest = Fixtures.manifest(id, "\"ai.\", \"models.\"", extra);
        return Fixtures.archive(dir.resolve(id + ".zip"), prompt == null
                ? Map.of("manifest.json", Fixtures.utf8(manifest), "ai.wasm", Fixtures.wat("ai"))
                : Map.of("manifest.json", Fixtures.utf8(manifest), "ai.wasm", Fixtures.wat("ai"),
                        "prompts/receipt.jinja", Fixtures.utf8(prompt)));
    }

}

package org.vdfs.ai.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vdfs.ai.internal.http.LoopbackServer.Answer;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;

/** Acceptance 5: the Ollama and OpenAI-compatible providers against servers that speak their protocols. */
class HttpProvidersTest {

    // --- Ollama ---

    @Test
    void ollamaGeneratesWithStreamOffAndEmbedsInOneCall() throws Exception {
        try (LoopbackServer server = new LoopbackServer(r -> switch (r.path()) {
            case "/api/generate" -> Answer.ok("{\"model\":\"" + r.body().get("model").asText() + "\",\"created_at\":"
                    + "\"2026-11-22T02:00:00Z\",\"response\":\"Total: 12.50\",\"done\":true,\"done_reason\":\"stop\","
                    + "\"total_duration\":1000}");
            case "/api/embed" -> Answer.ok("{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.1,0.2,0.3],[0.4,0.5,0.6]]}");
            default -> new Answer(404, "404 page not found");
        })) {
            OllamaProvider ollama = ollama(server.url(), 5000, 0, "llama3.2, embedding:nomic-embed-text");
            assertTrue(ollama.local(), "a server on loopback runs its models on this machine");
            List<AiModel> models = ollama.models();
            assertEquals(List.of("llm:llama3.2", "embedding:nomic-embed-text"),
                    models.stream().map(AiModel::qualifiedName).toList());

            String text = ollama.generate(models.get(0), "What is the total?", Map.of("system", "Be brief",
                    "temperature", 0.2, "max_tokens", 40));
            assertEquals("Total: 12.50", text);
            var gen = server.requests.get(0).body();
            assertEquals("llama3.2", gen.get("model").asText());
            assertEquals("What is the total?", gen.get("prompt").asText());
            assertFalse(gen.get("stream").asBoolean(true), "stream must be off for one JSON answer");
            assertEquals("Be brief", gen.get("system").asText());
            assertEquals(40, gen.path("options").path("num_predict").asInt());

            List<float[]> vectors = ollama.embed(models.get(1), List.of("a", "b"));
            assertArrayEquals(new float[] { 0.4f, 0.5f, 0.6f }, vectors.get(1));
            assertEquals(List.of("a", "b"), LoopbackServer.JSON.convertValue(server.requests.get(1).body().get("input"),
                    List.class));
        }
    }

    @Test
    void ollamaBeforeApiEmbedFallsBackToApiEmbeddings() throws Exception {
        try (LoopbackServer server = new LoopbackServer(r -> r.path().equals("/api/embeddings")
                ? Answer.ok("{\"embedding\":[" + r.body().get("prompt").asText().length() + ",1]}")
                : new Answer(404, "404 page not found"))) {
            OllamaProvider ollama = ollama(server.url(), 5000, 0, "embedding:all-minilm");
            List<float[]> vectors = ollama.embed(ollama.models().get(0), List.of("abc", "hello"));
            assertArrayEquals(new float[] { 3, 1 }, vectors.get(0));
            assertArrayEquals(new float[] { 5, 1 }, vectors.get(1));
        }
    }

    @Test
    void ollamaWithoutTheModelSaysSo() throws Exception {
        try (LoopbackServer server = new LoopbackServer(
                r -> new Answer(404, "{\"error\":\"model \\\"nope\\\" not found, try pulling it first\"}"))) {
            OllamaProvider ollama = ollama(server.url(), 5000, 3, "nope");
            AiException e = assertThrows(AiException.class, () -> ollama.generate(ollama.models().get(0), "hi", Map.of()));
            assertEquals("model_not_found", e.code());
            assertEquals(1, server.requests.size(), "a 4xx is not retried");
        }
    }

    // --- OpenAI-compatible ---

    @Test
    void openAiChatCompletionsAndEmbeddings() throws Exception {
        try (LoopbackServer server = new LoopbackServer(r -> switch (r.path()) {
            case "/v1/chat/completions" -> Answer.ok("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                    + "\"created\":1763776800,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":"
                    + "{\"role\":\"assistant\",\"content\":\"Groceries\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}");
            // the items out of order: the provider must place them by index
            case "/v1/embeddings" -> Answer.ok("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":1,"
                    + "\"embedding\":[0.0,1.0]},{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0,0.0]}],"
                    + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}");
            default -> new Answer(404, "{\"error\":{\"message\":\"Unknown path\",\"type\":\"invalid_request_error\"}}");
        })) {
            OpenAiProvider api = openAi(server.url() + "/v1/", "sk-test", 5000, 0,
                    "gpt-4o-mini,embedding:text-embedding-3-small");
            String text = api.generate(api.models().get(0), "Classify: milk 1.20", Map.of("system", "One word",
                    "max_tokens", 5));
            assertEquals("Groceries", text);
            var chat = server.requests.get(0);
            assertEquals("Bearer sk-test", chat.authorization());
            assertEquals("system", chat.body().at("/messages/0/role").asText());
            assertEquals("One word", chat.body().at("/messages/0/content").asText());
            assertEquals("user", chat.body().at("/messages/1/role").asText());
            assertEquals(5, chat.body().get("max_tokens").asInt());

            List<float[]> vectors = api.embed(api.models().get(1), List.of("first", "second"));
            assertArrayEquals(new float[] { 1, 0 }, vectors.get(0));
            assertArrayEquals(new float[] { 0, 1 }, vectors.get(1));
        }
    }

    @Test
    void noApiKeyNoAuthorizationHeader() throws Exception {
        try (LoopbackServer server = new LoopbackServer(r -> Answer.ok(
                "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}"))) {
            OpenAiProvider api = openAi(server.url() + "/v1", "", 5000, 0, "local-llm");
            api.generate(api.models().get(0), "hi", Map.of());
            assertNull(server.requests.get(0).authorization());
        }
    }

    @Test
    void retriesServerErrorsWithBackoffThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer(r -> calls.incrementAndGet() < 3
                ? new Answer(503, "{\"error\":{\"message\":\"overloaded\"}}")
                : Answer.ok("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"third time\"}}]}"))) {
            OpenAiProvider api = openAi(server.url() + "/v1", "", 5000, 2, "m");
            assertEquals("third time", api.generate(api.models().get(0), "hi", Map.of()));
            assertEquals(3, server.requests.size());
        }
    }

    @Test
    void serverErrorsBeyondTheRetriesAreProviderUnavailable() throws Exception {
        try (LoopbackServer server = new LoopbackServer(r -> new Answer(500, "{\"error\":\"boom\"}"))) {
            OpenAiProvider api = openAi(server.url() + "/v1", "", 5000, 1, "m");
            AiException e = assertThrows(AiException.class, () -> api.generate(api.models().get(0), "hi", Map.of()));
            assertEquals("provider_unavailable", e.code());
            assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains(server.url()), e.getMessage());
            assertEquals(2, server.requests.size());
        }
    }

    @Test
    void badRequestIsNotRetried() throws Exception {
        try (LoopbackServer server = new LoopbackServer(r -> new Answer(400,
                "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}"))) {
            OpenAiProvider api = openAi(server.url() + "/v1", "", 5000, 3, "m");
            AiException e = assertThrows(AiException.class, () -> api.generate(api.models().get(0), "hi", Map.of()));
            assertEquals("invalid_input", e.code());
            assertTrue(e.getMessage().contains("max_tokens is too large"), e.getMessage());
            assertEquals(1, server.requests.size());
        }
    }

    @Test
    void slowServerTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LoopbackServer server = new LoopbackServer(r -> {
            release.await(10, TimeUnit.SECONDS);
            return Answer.ok("{\"response\":\"late\",\"done\":true}");
        })) {
            OllamaProvider ollama = ollama(server.url(), 300, 2, "llama3.2");
            AiException e = assertThrows(AiException.class, () -> ollama.generate(ollama.models().get(0), "hi", Map.of()));
            assertEquals("timeout", e.code());
            assertTrue(e.getMessage().contains(server.url()), e.getMessage());
            assertEquals(1, server.requests.size(), "a slow service is not asked again");
        } finally {
            release.countDown();
        }
    }

    @Test
    void serviceThatIsDownIsReportedWithItsUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;
        OllamaProvider ollama = ollama(url, 2000, 1, "llama3.2");
        AiException e = assertThrows(AiException.class, () -> ollama.generate(ollama.models().get(0), "hi", Map.of()));
        assertEquals("provider_unavailable", e.code());
        assertTrue(e.getMessage().contains(url + "/api/generate") && e.getMessage().contains("not reachable"),
                e.getMessage());
        OpenAiProvider api = openAi(url + "/v1", "secret-key", 2000, 0, "embedding:e");
        AiException e2 = assertThrows(AiException.class, () -> api.embed(api.models().get(0), List.of("x")));
        assertEquals("provider_unavailable", e2.code());
        assertFalse(e2.getMessage().contains("secret-key"), "the key never shows");
    }

    // --- helpers: configurations as Configuration Admin would hand them ---

    static OllamaProvider ollama(String url, long timeoutMs, int retries, String models) {
        OllamaProvider p = new OllamaProvider();
        p.activate(new OllamaProvider.Config() {
            public Class<? extends Annotation> annotationType() { return OllamaProvider.Config.class; }
            public String id() { return "ollama"; }
            public String url() { return url; }
            public String[] models() { return new String[] { models }; }
            public long timeout_ms() { return timeoutMs; }
            public int retries() { return retries; }
            public long backoff_ms() { return 10; }
        });
        return p;
    }

    static OpenAiProvider openAi(String url, String key, long timeoutMs, int retries, String models) {
        OpenAiProvider p = new OpenAiProvider();
        p.activate(new OpenAiProvider.Config() {
            public Class<? extends Annotation> annotationType() { return OpenAiProvider.Config.class; }
            public String id() { return "openai"; }
            public String url() { return url; }
            public String api_key() { return key; }
            public String[] models() { return new String[] { models }; }
            public long timeout_ms() { return timeoutMs; }
            public int retries() { return retries; }
            public long backoff_ms() { return 10; }
        });
        return p;
    }
}

package org.vdfs.ai.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.vdfs.api.ai.AiCategories;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.TextGenerationProvider;

/**
 * An Ollama server: {@code POST /api/generate} (stream off) for text and
 * {@code POST /api/embed} for embeddings, falling back to the older
 * {@code /api/embeddings} on servers that lack it. One instance per factory
 * configuration of {@code org.vdfs.ai.ollama}.
 */
@Component(configurationPid = "org.vdfs.ai.ollama", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = { TextGenerationProvider.class, EmbeddingProvider.class })
@Designate(ocd = OllamaProvider.Config.class, factory = true)
public class OllamaProvider implements TextGenerationProvider, EmbeddingProvider {

    @ObjectClassDefinition(name = "VDFS AI: Ollama", description = "An Ollama server as a provider of llm and embedding models")
    public @interface Config {
        @AttributeDefinition(description = "Provider id in model listings; unique among providers")
        String id() default "ollama";

        @AttributeDefinition(description = "Base URL of the server")
        String url() default "http://localhost:11434";

        @AttributeDefinition(description = "Models it serves: llm:<id> or embedding:<id> (a bare id is an llm)")
        String[] models() default {};

        @AttributeDefinition(description = "Timeout of one request (ms)")
        long timeout_ms() default 60000;

        @AttributeDefinition(description = "Extra attempts after a connection failure or a 5xx answer")
        int retries() default 2;

        @AttributeDefinition(description = "First pause before a retry (ms), doubled each time")
        long backoff_ms() default 250;
    }

    private String id;
    private String base;
    private boolean local;
    private List<AiModel> models;
    private JsonHttp http;

    @Activate
    public void activate(Config config) {
        id = config.id();
        base = RemoteModels.base(config.url());
        local = RemoteModels.loopback(URI.create(base));
        models = RemoteModels.parse(config.models(), id, local, base, List.of(AiCategories.LLM, AiCategories.EMBEDDING));
        http = new JsonHttp("Ollama", Duration.ofMillis(config.timeout_ms()), config.retries(), config.backoff_ms());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean local() {
        return local;
    }

    @Override
    public List<AiModel> models() {
        return models;
    }

    @Override
    public String generate(AiModel model, String prompt, Map<String, Object> options) throws AiException {
        ObjectNode body = JsonHttp.JSON.createObjectNode().put("model", RemoteModels.remoteId(model))
                .put("prompt", prompt).put("stream", false);
        if (options.get("system") != null) {
            body.put("system", options.get("system").toString());
        }
        ObjectNode opts = body.putObject("options");
        if (options.get("temperature") instanceof Number t) {
            opts.put("temperature", t.doubleValue());
        }
        if (options.get("max_tokens") instanceof Number n) {
            opts.put("num_predict", n.intValue());
        }
        JsonNode answer = call("/api/generate", body, model);
        JsonNode text = answer.get("response");
        if (text == null || !text.isTextual()) {
            throw new AiException("provider_unavailable", "Ollama at " + base + " answered without `response`: "
                    + JsonHttp.snippet(answer.toString()));
        }
        return text.asText();
    }

    @Override
    public List<float[]> embed(AiModel model, List<String> texts) throws AiException {
        ObjectNode body = JsonHttp.JSON.createObjectNode().put("model", RemoteModels.remoteId(model));
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        JsonNode answer;
        try {
            answer = http.post(URI.create(base + "/api/embed"), body, Map.of());
        } catch (JsonHttp.Refused e) {
            if (e.status() == 404 && !e.body().contains("model")) {
                return embedOneByOne(model, texts); // a server from before /api/embed
            }
            throw refused(e, model);
        }
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode v : answer.path("embeddings")) {
            vectors.add(floats(v));
        }
        if (vectors.size() != texts.size()) {
            throw new AiException("provider_unavailable", "Ollama at " + base + " returned " + vectors.size()
                    + " embeddings for " + texts.size() + " texts");
        }
        return vectors;
    }

    private List<float[]> embedOneByOne(AiModel model, List<String> texts) throws AiException {
        List<float[]> vectors = new ArrayList<>();
        for (String text : texts) {
            ObjectNode body = JsonHttp.JSON.createObjectNode().put("model", RemoteModels.remoteId(model))
                    .put("prompt", text);
            vectors.add(floats(call("/api/embeddings", body, model).path("embedding")));
        }
        return vectors;
    }

    private JsonNode call(String path, ObjectNode body, AiModel model) throws AiException {
        try {
            return http.post(URI.create(base + path), body, Map.of());
        } catch (JsonHttp.Refused e) {
            throw refused(e, model);
        }
    }

    private AiException refused(JsonHttp.Refused e, AiModel model) {
        if (e.status() == 404) {
            return new AiException("model_not_found", "Ollama at " + base + " has no model `"
                    + RemoteModels.remoteId(model) + "` (" + e.body() + "); pull it with `ollama pull`");
        }
        return new AiException("invalid_input", "Ollama at " + base + " refused the request: HTTP " + e.status()
                + " " + e.body());
    }

    static float[] floats(JsonNode array) throws AiException {
        if (!array.isArray() || array.isEmpty()) {
            throw new AiException("provider_unavailable", "an embedding came back empty or not as an array");
        }
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }
}

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
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.vdfs.api.ai.AiCategories;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.TextGenerationProvider;

/**
 * An OpenAI-compatible API (OpenAI, vLLM, llama.cpp's server, LocalAI…):
 * {@code POST <url>/chat/completions} and {@code POST <url>/embeddings}, the
 * URL including its {@code /v1}. One instance per factory configuration of
 * {@code org.vdfs.ai.openai}. The API key never appears in listings or messages.
 */
@Component(configurationPid = "org.vdfs.ai.openai", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = { TextGenerationProvider.class, EmbeddingProvider.class })
@Designate(ocd = OpenAiProvider.Config.class, factory = true)
public class OpenAiProvider implements TextGenerationProvider, EmbeddingProvider {

    @ObjectClassDefinition(name = "VDFS AI: OpenAI-compatible API",
            description = "An OpenAI-compatible API as a provider of llm and embedding models")
    public @interface Config {
        @AttributeDefinition(description = "Provider id in model listings; unique among providers")
        String id() default "openai";

        @AttributeDefinition(description = "Base URL including /v1")
        String url() default "https://api.openai.com/v1";

        @AttributeDefinition(description = "Bearer token; empty for servers that need none", type = AttributeType.PASSWORD)
        String api_key() default "";

        @AttributeDefinition(description = "Models it serves: llm:<id> or embedding:<id> (a bare id is an llm)")
        String[] models() default {};

        @AttributeDefinition(description = "Timeout of one request (ms)")
        long timeout_ms() default 60000;

        @AttributeDefinition(description = "Extra attempts after a connection failure, a 5xx or a 429 answer")
        int retries() default 2;

        @AttributeDefinition(description = "First pause before a retry (ms), doubled each time")
        long backoff_ms() default 250;
    }

    private String id;
    private String base;
    private boolean local;
    private Map<String, String> headers;
    private List<AiModel> models;
    private JsonHttp http;

    @Activate
    public void activate(Config config) {
        id = config.id();
        base = RemoteModels.base(config.url());
        local = RemoteModels.loopback(URI.create(base));
        headers = config.api_key().isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + config.api_key().trim());
        models = RemoteModels.parse(config.models(), id, local, base, List.of(AiCategories.LLM, AiCategories.EMBEDDING));
        http = new JsonHttp("OpenAI-compatible API", Duration.ofMillis(config.timeout_ms()), config.retries(),
                config.backoff_ms());
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
        ObjectNode body = JsonHttp.JSON.createObjectNode().put("model", RemoteModels.remoteId(model));
        ArrayNode messages = body.putArray("messages");
        if (options.get("system") != null) {
            messages.addObject().put("role", "system").put("content", options.get("system").toString());
        }
        messages.addObject().put("role", "user").put("content", prompt);
        if (options.get("temperature") instanceof Number t) {
            body.put("temperature", t.doubleValue());
        }
        if (options.get("max_tokens") instanceof Number n) {
            body.put("max_tokens", n.intValue());
        }
        JsonNode answer = call("/chat/completions", body, model);
        JsonNode content = answer.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new AiException("provider_unavailable", "the API at " + base + " answered without "
                    + "choices[0].message.content: " + JsonHttp.snippet(answer.toString()));
        }
        return content.asText();
    }

    @Override
    public List<float[]> embed(AiModel model, List<String> texts) throws AiException {
        ObjectNode body = JsonHttp.JSON.createObjectNode().put("model", RemoteModels.remoteId(model));
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        JsonNode data = call("/embeddings", body, model).path("data");
        float[][] vectors = new float[texts.size()][];
        int i = 0;
        for (JsonNode item : data) {
            int index = item.has("index") ? item.get("index").asInt() : i;
            if (index < 0 || index >= vectors.length) {
                throw new AiException("provider_unavailable", "the API at " + base + " returned embedding index " + index
                        + " for " + texts.size() + " texts");
            }
            vectors[index] = OllamaProvider.floats(item.path("embedding"));
            i++;
        }
        List<float[]> out = new ArrayList<>();
        for (float[] v : vectors) {
            if (v == null) {
                throw new AiException("provider_unavailable", "the API at " + base + " returned " + i
                        + " embeddings for " + texts.size() + " texts");
            }
            out.add(v);
        }
        return out;
    }

    private JsonNode call(String path, ObjectNode body, AiModel model) throws AiException {
        try {
            return http.post(URI.create(base + path), body, headers);
        } catch (JsonHttp.Refused e) {
            String message = "the API at " + base + " refused the request: HTTP " + e.status() + " " + e.body();
            if (e.status() == 404) {
                throw new AiException("model_not_found", "the API at " + base + " has no model `"
                        + RemoteModels.remoteId(model) + "`: " + e.body());
            }
            if (e.status() == 401 || e.status() == 403) {
                throw new AiException("provider_unavailable", message + " (check api.key)");
            }
            throw new AiException("invalid_input", message);
        }
    }
}

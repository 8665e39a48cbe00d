package org.vdfs.ai.internal.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.vdfs.ai.internal.prompt.PromptTemplates;
import org.vdfs.ai.internal.registry.AiConfig;
import org.vdfs.ai.internal.registry.AiRegistryImpl;
import org.vdfs.api.ai.AiCategories;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.AiProvider;
import org.vdfs.api.ai.AiRegistry;
import org.vdfs.api.ai.AiRegistry.Preference;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.FaceDetectionProvider;
import org.vdfs.api.ai.ModelSource;
import org.vdfs.api.ai.OcrProvider;
import org.vdfs.api.ai.TextClassifierProvider;
import org.vdfs.api.ai.TextGenerationProvider;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.ExtensionStartParticipant;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.LocationIndexer;

/**
 * The {@code ai.*} operations and {@code models.register}. They are registered
 * by hand, not as DS components: they need the extension registry (for the
 * caller's manifest), whose runtime needs the operation registry, which binds
 * every operation — a reference cycle under DS.
 *
 * <p>On top of the guard's method check, a call from an extension needs the
 * manifest's {@code permissions.models} entry for the category (the seeds'
 * {@code UseModel}); its preference {@code local} keeps that extension to
 * local providers.
 */
@Component(immediate = true, configurationPid = "org.vdfs.ai")
public class AiOperations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEMPLATE_SUFFIXES = List.of("", ".jinja", ".j2", ".jinja2", ".txt");

    @Reference
    private AiRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExtensionRegistry extensions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LocationIndexer indexer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PermissionGuard guard;

    private CallLimiter limiter;
    private ImageReader images;
    private ExtensionFiles packages;
    /**
     * Jinjava loads many classes: made and warmed on a thread of its own after
     * activation, so that neither the platform's start nor the first template waits.
     */
    private volatile PromptTemplates templates;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context, AiConfig config) {
        limiter = new CallLimiter(config.max_concurrent(), config.busy_wait_ms(), config.call_deadline_ms());
        images = new ImageReader((long) config.max_image_mb() << 20);
        packages = new ExtensionFiles(context);
        registrations.add(context.registerService(ExtensionStartParticipant.class, new PromptCheck(context,
                this::templates), null));
        Thread warm = new Thread(() -> {
            try {
                templates().render("warm-up", "{{ x }}", Map.of("x", 1));
            } catch (AiException | RuntimeException e) {
                // the first real template reports whatever is wrong
            } catch (LinkageError e) {
                // the bundle stopped while the warm-up was still loading Jinjava's classes
            }
        }, "vdfs-ai-templates-warm-up");
        warm.setDaemon(true);
        warm.start();
        register(context, "ai.ocr", "query", "Reads the text of an image: {\"image\": {\"entry_id\"|\"content_id\"|"
                + "\"bytes_base64\": ...}, \"language\": \"eng\", \"model\": \"<name>\"}", this::ocr);
        register(context, "ai.embed", "query", "Text embeddings: {\"texts\": [\"...\"], \"model\": \"<name>\", "
                + "\"encoding_format\": \"float\"|\"base64\"}",
                this::embed);
        register(context, "ai.detect_faces", "query", "Faces in an image: {\"image\": {...}, \"min_score\": 0.5, "
                + "\"model\": \"<name>\"}", this::detectFaces);
        register(context, "ai.classify_text", "query", "Scores a text against labels: {\"text\": \"...\", "
                + "\"labels\": [\"...\"], \"model\": \"<name>\"}", this::classify);
        register(context, "ai.generate", "query", "Generates text from a prompt or a prompts/ template: "
                + "{\"prompt\"|\"template\": ..., \"variables\": {...}, \"system\", \"model\", \"options\"}",
                this::generate);
        register(context, "ai.models.list", "query", "Models by category: {\"category\": \"ocr\"}", this::list);
        register(context, "models.register", "action", "Registers a model: {\"name\", \"category\", \"source\": "
                + "{\"download\": {\"url\", \"sha256\"}} | {\"path\"} | {\"bundled\"} | {\"provider\", \"model\"}}",
                this::registerModel);
    }

    private PromptTemplates templates() {
        PromptTemplates t = templates;
        if (t == null) {
            synchronized (this) {
                t = templates;
                if (t == null) {
                    t = new PromptTemplates();
                    templates = t;
                }
            }
        }
        return t;
    }

    private void register(BundleContext context, String name, String kind, String description, Operation op) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Operation.NAME, name);
        props.put(Operation.KIND, kind);
        props.put(Operation.DESCRIPTION, description);
        registrations.add(context.registerService(Operation.class, op, props));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        limiter.close();
    }

    // --- the operations ---

    private JsonNode ocr(Invocation inv) throws OperationException {
        JsonNode in = object(inv);
        byte[] image = readImage(inv, in); // the entry scope is checked before anything else
        Target<OcrProvider> t = target(inv, AiCategories.OCR, OcrProvider.class);
        String language = text(in, "language", null);
        OcrProvider.OcrResult r = run("ai.ocr", () -> t.provider.ocr(t.model, image, language));
        ObjectNode out = result(t.model).put("text", r.text()).put("confidence", r.confidence());
        ArrayNode words = out.putArray("words");
        for (OcrProvider.Word w : r.words()) {
            words.addObject().put("text", w.text()).put("confidence", w.confidence()).put("x", w.x()).put("y", w.y())
                    .put("width", w.width()).put("height", w.height());
        }
        return out;
    }

    private JsonNode embed(Invocation inv) throws OperationException {
        JsonNode in = object(inv);
        List<String> texts = strings(in, "texts");
        if (texts.isEmpty()) {
            throw invalid("texts must hold at least one string");
        }
        String encoding = text(in, "encoding_format", "float");
        boolean packed = encoding.equals("base64");
        if (!packed && !encoding.equals("float")) {
            throw invalid("encoding_format is \"float\" (arrays of numbers, the default) or \"base64\" "
                    + "(each vector as base64 of its little-endian 32-bit floats), got \"" + encoding + "\"");
        }
        Target<EmbeddingProvider> t = target(inv, AiCategories.EMBEDDING, EmbeddingProvider.class);
        List<float[]> vectors = run("ai.embed", () -> t.provider.embed(t.model, texts));
        ObjectNode out = result(t.model).put("dimension", vectors.isEmpty() ? 0 : vectors.get(0).length);
        if (packed) {
            out.put("encoding_format", "base64");
        }
        ArrayNode list = out.putArray("vectors");
        for (float[] v : vectors) {
            if (packed) {
                list.add(base64(v));
            } else {
                ArrayNode a = list.addArray();
                for (float f : v) {
                    a.add(f);
                }
            }
        }
        return out;
    }

    /**
     * A vector as OpenAI's embeddings API sends it with {@code encoding_format: "base64"}: its
     * floats in little-endian IEEE 754 binary32, base64. Exact, and a fraction of the cost of
     * writing and parsing hundreds of decimal numbers, on the host and in the guest.
     */
    static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }

    private JsonNode detectFaces(Invocation inv) throws OperationException {
        JsonNode in = object(inv);
        double minScore = in.path("min_score").asDouble(0.5);
        if (minScore < 0 || minScore > 1) {
            throw invalid("min_score is between 0 and 1, got " + minScore);
        }
        byte[] image = readImage(inv, in);
        Target<FaceDetectionProvider> t = target(inv, AiCategories.FACE_DETECTION, FaceDetectionProvider.class);
        List<FaceDetectionProvider.Face> faces = run("ai.detect_faces",
                () -> t.provider.detectFaces(t.model, image, minScore));
        ObjectNode out = result(t.model);
        ArrayNode list = out.putArray("faces");
        for (FaceDetectionProvider.Face f : faces) {
            list.addObject().put("x", f.x()).put("y", f.y()).put("width", f.width()).put("height", f.height())
                    .put("score", f.score());
        }
        return out;
    }

    private JsonNode classify(Invocation inv) throws OperationException {
        JsonNode in = object(inv);
        String text = text(in, "text", null);
        if (text == null || text.isBlank()) {
            throw invalid("give the text to classify: {\"text\": \"...\", \"labels\": [\"...\"]}");
        }
        List<String> labels = strings(in, "labels");
        if (labels.size() < 2) {
            throw invalid("labels must hold at least two strings");
        }
        Target<TextClassifierProvider> t = target(inv, AiCategories.CLASSIFY_TEXT, TextClassifierProvider.class);
        List<TextClassifierProvider.LabelScore> scores = run("ai.classify_text",
                () -> t.provider.classify(t.model, text, labels));
        List<TextClassifierProvider.LabelScore> sorted = new ArrayList<>(scores);
        sorted.sort((a, b) -> Double.compare(b.score(), a.score()));
        ObjectNode out = result(t.model).put("label", sorted.isEmpty() ? null : sorted.get(0).label());
        ArrayNode list = out.putArray("scores");
        sorted.forEach(s -> list.addObject().put("label", s.label()).put("score", s.score()));
        return out;
    }

    private JsonNode generate(Invocation inv) throws OperationException {
        JsonNode in = object(inv);
        String prompt = text(in, "prompt", null);
        String template = text(in, "template", null);
        if ((prompt == null) == (template == null)) {
            throw invalid("give either a prompt or a template: {\"prompt\": \"...\"} or {\"template\": \"<name>\", "
                    + "\"variables\": {...}}");
        }
        Target<TextGenerationProvider> t = target(inv, AiCategories.LLM, TextGenerationProvider.class);
        if (template != null) {
            prompt = render(inv, in, template);
        }
        Map<String, Object> options = new HashMap<>();
        JsonNode opts = in.path("options");
        if (opts.path("temperature").isNumber()) {
            options.put("temperature", opts.get("temperature").doubleValue());
        }
        if (opts.path("max_tokens").isNumber()) {
            options.put("max_tokens", opts.get("max_tokens").intValue());
        }
        if (in.hasNonNull("system")) {
            options.put("system", in.get("system").asText());
        }
        String finalPrompt = prompt;
        String text = run("ai.generate", () -> t.provider.generate(t.model, finalPrompt, options));
        return result(t.model).put("text", text);
    }

    /** Renders {@code prompts/<template>} of the calling extension (a host caller names the extension). */
    private String render(Invocation inv, JsonNode in, String template) throws OperationException {
        String owner = inv.caller().extension() ? inv.caller().id() : text(in, "extension", null);
        if (owner == null) {
            throw invalid("templates are an extension's: name it with \"extension\": \"<id>\"");
        }
        ExtensionInfo ext = extension(owner);
        byte[] source = null;
        for (String suffix : TEMPLATE_SUFFIXES) {
            Optional<byte[]> found = packages.read(ext, "prompts/" + template + suffix);
            if (found.isPresent()) {
                source = found.get();
                break;
            }
        }
        if (source == null) {
            throw invalid("extension `" + owner + "` has no template prompts/" + template + " (tried the suffixes "
                    + String.join(", ", TEMPLATE_SUFFIXES.subList(1, TEMPLATE_SUFFIXES.size())) + ")");
        }
        Map<String, Object> vars = in.path("variables").isObject()
                ? JSON.convertValue(in.get("variables"), new TypeReference<Map<String, Object>>() {
                })
                : Map.of();
        try {
            return templates().render(template, new String(source, StandardCharsets.UTF_8), vars);
        } catch (AiException e) {
            throw translate(e);
        }
    }

    private JsonNode list(Invocation inv) throws OperationException {
        JsonNode in = inv.input();
        String category = in.isObject() ? text(in, "category", null) : in.isTextual() ? in.asText() : null;
        JsonNode manifest = inv.caller().extension() ? extension(inv.caller().id()).manifest().raw() : null;
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("models");
        for (AiModel m : registry.models(owner(inv))) {
            if (category != null && !m.category().equals(category)) {
                continue;
            }
            if (manifest != null) {
                Optional<Preference> granted = ModelPermission.granted(manifest, m.category());
                // An extension sees what it may use: its categories, local only where so restricted.
                if (granted.isEmpty() || (granted.get() == Preference.LOCAL && !m.local())
                        || (granted.get() == Preference.REMOTE && m.local())) {
                    continue;
                }
            }
            ObjectNode o = list.addObject().put("name", m.name()).put("category", m.category())
                    .put("provider", m.provider()).put("local", m.local());
            o.set("details", JSON.valueToTree(m.details()));
        }
        return out;
    }

    private JsonNode registerModel(Invocation inv) throws OperationException {
        JsonNode in = object(inv);
        String name = text(in, "name", null);
        String category = text(in, "category", null);
        if (name == null || category == null || !in.path("source").isObject()) {
            throw invalid("give {\"name\", \"category\", \"source\": {\"download\": {\"url\", \"sha256\"}} | "
                    + "{\"path\": \"...\"} | {\"bundled\": \"<path in the package>\"} | {\"provider\", \"model\"}}");
        }
        if (name.contains(":")) {
            String prefix = name.substring(0, name.indexOf(':'));
            if (!prefix.equals(category)) {
                throw invalid("the name `" + name + "` names another category than `" + category + "`");
            }
            name = name.substring(name.indexOf(':') + 1);
        }
        ExtensionInfo ext = null;
        if (inv.caller().extension()) {
            ext = extension(inv.caller().id());
            if (ModelPermission.granted(ext.manifest().raw(), category).isEmpty()) {
                throw denied(inv, category);
            }
        }
        ModelSource source = source(in.get("source"), ext);
        try {
            return model(registry.register(owner(inv), name, category, source));
        } catch (AiException e) {
            throw translate(e);
        }
    }

    private ModelSource source(JsonNode s, ExtensionInfo ext) throws OperationException {
        if (s.path("download").isObject()) {
            String url = text(s.get("download"), "url", null);
            String sha = text(s.get("download"), "sha256", null);
            if (url == null || sha == null) {
                throw invalid("a download needs {\"url\", \"sha256\"}");
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw invalid("`" + url + "` is not a URL");
            }
            if (ext != null) {
                List<String> hosts = ext.manifest().permissions().networkAccess();
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                if (!hosts.contains("*") && !hosts.contains(host)) {
                    throw new OperationException(ErrorCodes.PERMISSION_DENIED, "extension `" + ext.id()
                            + "` may not download from " + host + ": add it to permissions.network_access");
                }
            }
            return new ModelSource.Download(uri, sha);
        }
        if (s.hasNonNull("path")) {
            if (ext != null) {
                throw new OperationException(ErrorCodes.PERMISSION_DENIED, "an extension cannot register a file of"
                        + " the host; ship it in the package (\"bundled\") or download it");
            }
            return new ModelSource.LocalPath(Path.of(s.get("path").asText()));
        }
        if (s.hasNonNull("bundled")) {
            if (ext == null) {
                throw invalid("only an extension has a package to take a bundled model from");
            }
            String rel = s.get("bundled").asText();
            byte[] bytes = packages.read(ext, rel).orElseThrow(
                    () -> invalid("the package of extension `" + ext.id() + "` holds no " + rel));
            return new ModelSource.Bundled(rel, bytes);
        }
        if (s.hasNonNull("provider") && s.hasNonNull("model")) {
            return new ModelSource.Remote(s.get("provider").asText(), s.get("model").asText());
        }
        throw invalid("the source is one of {\"download\": {\"url\", \"sha256\"}}, {\"path\"}, {\"bundled\"}, "
                + "{\"provider\", \"model\"}");
    }

    // --- shared steps ---

    private record Target<T extends AiProvider>(AiModel model, T provider) {
    }

    /** Checks UseModel for the category, resolves the model and finds its provider. */
    private <T extends AiProvider> Target<T> target(Invocation inv, String category, Class<T> capability)
            throws OperationException {
        Preference preference = Preference.ANY;
        if (inv.caller().extension()) {
            preference = ModelPermission.granted(extension(inv.caller().id()).manifest().raw(), category)
                    .orElseThrow(() -> denied(inv, category));
        }
        String name = inv.input().isObject() ? text(inv.input(), "model", null) : null;
        if (name != null && name.contains(":") && !name.startsWith(category + ":")) {
            throw invalid("model `" + name + "` is not of category " + category);
        }
        Preference p = preference;
        AiModel model = registry.resolve(owner(inv), category, name, preference).orElseThrow(() -> notFound(inv,
                category, name, p));
        T provider = registry.provider(model, capability).orElseThrow(() -> new OperationException("provider_unavailable",
                model.provider().equals(AiRegistryImpl.NO_FILE_PROVIDER) ? "model " + model.qualifiedName()
                        + " is a registered file, and no running provider of category " + category + " loads model files"
                        : "model " + model.qualifiedName() + " needs provider `" + model.provider() + "`, which is not running"));
        return new Target<>(model, provider);
    }

    private OperationException notFound(Invocation inv, String category, String name, Preference preference) {
        List<String> known = registry.models(owner(inv)).stream().filter(m -> m.category().equals(category))
                .map(m -> m.name() + (m.local() ? " (local)" : " (remote)")).toList();
        String restriction = preference == Preference.ANY ? "" : " (" + preference.name().toLowerCase(Locale.ROOT)
                + " only)";
        return new OperationException("model_not_found", (name == null ? "no model of category " + category
                : "no model `" + name + "` of category " + category) + restriction + " is available; "
                + (known.isEmpty() ? "no provider offers that category" : "known: " + String.join(", ", known))
                + ". Local/remote preferences (extension's and the user's, org.vdfs.ai preference." + category
                + ") both apply.");
    }

    private static OperationException denied(Invocation inv, String category) {
        return new OperationException(ErrorCodes.PERMISSION_DENIED, "extension `" + inv.caller().id()
                + "` may not use models of category " + category + ": its manifest needs permissions.models "
                + "[{\"category\": \"" + category + "\", \"preference\": \"local\"|\"remote\"|\"any\"}]");
    }

    private ExtensionInfo extension(String id) throws OperationException {
        ExtensionRegistry ext = extensions;
        if (ext == null) {
            throw new OperationException(ErrorCodes.UNAVAILABLE, "the extension runtime is not running");
        }
        return ext.find(id).orElseThrow(() -> new OperationException(ErrorCodes.PERMISSION_DENIED,
                "extension `" + id + "` is not installed"));
    }

    private static String owner(Invocation inv) {
        return inv.caller().extension() ? inv.caller().id() : AiRegistry.HOST;
    }

    /** The library an image is read from; an extension limited to some libraries must name one. */
    /** The image of the call, read within the caller's entry scope (the guard's; a host caller's is every entry). */
    private byte[] readImage(Invocation inv, JsonNode in) throws OperationException {
        UUID library = library(inv);
        if (!inv.caller().extension() || !in.path("image").hasNonNull("entry_id") && !in.path("image").hasNonNull("content_id")) {
            return images.read(in.get("image"), indexer, library);
        }
        PermissionGuard g = guard;
        if (g == null) {
            throw new OperationException(ErrorCodes.UNAVAILABLE, "no permission guard is running, so the extension's "
                    + "entry scope cannot be known; send the image as bytes_base64");
        }
        return images.read(in.get("image"), indexer, library, g.entryScope(inv.caller()),
                what -> g.outsideScope(inv.caller(), inv.operation(), library, what));
    }

    private UUID library(Invocation inv) throws OperationException {
        if (inv.libraryId() == null && inv.caller().extension()
                && !extension(inv.caller().id()).manifest().permissions().libraries().contains("*")) {
            throw new OperationException(ErrorCodes.LIBRARY_REQUIRED, "name the library the image is in");
        }
        return inv.libraryId();
    }

    private interface ModelCall<T> {
        T call() throws AiException;
    }

    private <T> T run(String what, ModelCall<T> call) throws OperationException {
        try {
            return limiter.run(what, call::call);
        } catch (AiException e) {
            throw translate(e);
        }
    }

    /** Provider codes are the operation codes, but for the two the ABI spells otherwise. */
    static OperationException translate(AiException e) {
        String code = switch (e.code()) {
            case "invalid_input", "integrity" -> ErrorCodes.INVALID_PAYLOAD;
            default -> e.code();
        };
        return new OperationException(code, e.getMessage(), e);
    }

    private static ObjectNode result(AiModel model) {
        return JSON.createObjectNode().put("model", model.qualifiedName());
    }

    private static ObjectNode model(AiModel m) {
        ObjectNode o = JSON.createObjectNode().put("name", m.name()).put("category", m.category())
                .put("provider", m.provider()).put("local", m.local());
        o.set("details", JSON.valueToTree(m.details()));
        return o;
    }

    private static JsonNode object(Invocation inv) throws OperationException {
        if (!inv.input().isObject()) {
            throw invalid("the input of " + inv.operation() + " is a JSON object");
        }
        return inv.input();
    }

    private static String text(JsonNode in, String field, String fallback) throws OperationException {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw invalid(field + " is a string");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode in, String field) throws OperationException {
        JsonNode v = in.get(field);
        if (v == null || !v.isArray()) {
            throw invalid(field + " is an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw invalid(field + " is an array of strings");
            }
            out.add(s.asText());
        }
        return out;
    }

    private static OperationException invalid(String message) {
        return new OperationException(ErrorCodes.INVALID_PAYLOAD, message);
    }

}

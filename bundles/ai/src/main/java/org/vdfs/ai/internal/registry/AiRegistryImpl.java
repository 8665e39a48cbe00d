package org.vdfs.ai.internal.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.AiProvider;
import org.vdfs.api.ai.AiRegistry;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.FaceDetectionProvider;
import org.vdfs.api.ai.ModelSource;
import org.vdfs.api.ai.OcrProvider;
import org.vdfs.api.ai.TextClassifierProvider;
import org.vdfs.api.ai.TextGenerationProvider;

/**
 * The AI registry: tracks providers under each capability interface
 * (whiteboard, dynamic), keeps the registered models' catalog, and resolves a
 * model for a call under the caller's and the user's local/remote preference.
 * It never loads models itself: providers load each once and share it.
 */
@Component(service = AiRegistry.class, configurationPid = "org.vdfs.ai")
@Designate(ocd = AiConfig.class)
public class AiRegistryImpl implements AiRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(AiRegistryImpl.class);
    /** Names and owners become folder names: keep them plain. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** The provider of a registered file while no running provider of its category loads model files. */
    public static final String NO_FILE_PROVIDER = "none";

    private final Map<Class<? extends AiProvider>, List<AiProvider>> providers = new ConcurrentHashMap<>();
    private volatile Map<String, Preference> preferences = Map.of();
    private volatile Map<String, String> defaults = Map.of();
    private ModelCatalog catalog;
    private ModelFiles files;

    @Activate
    void activate(BundleContext context, AiConfig config, Map<String, Object> properties) throws IOException {
        String data = context.getProperty("vdfs.data") == null ? "data" : context.getProperty("vdfs.data");
        Path dir = config.data_dir().isBlank() ? Paths.get(data, "ai") : Paths.get(config.data_dir());
        start(dir, config, properties);
    }

    /** Outside OSGi (tests, embedding): the same as activation. */
    public void start(Path dir, AiConfig config, Map<String, Object> properties) throws IOException {
        Files.createDirectories(dir.resolve("models"));
        catalog = ModelCatalog.load(dir.resolve("models.json"));
        files = new ModelFiles(dir.resolve("models"), Duration.ofMillis(config.download_timeout_ms()),
                (long) config.max_model_mb() << 20);
        modified(properties);
        LOG.info("AI registry ready in {}: {} registered models", dir.toAbsolutePath(), catalog.entries().size());
    }

    @Modified
    public void modified(Map<String, Object> properties) {
        Map<String, Preference> prefs = new HashMap<>();
        Map<String, String> defs = new HashMap<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            String key = e.getKey();
            String value = String.valueOf(e.getValue()).trim();
            if (key.startsWith("preference.")) {
                try {
                    prefs.put(key.substring(11), Preference.parse(value));
                } catch (IllegalArgumentException bad) {
                    LOG.warn("Ignoring {} = {}: use local, remote or any", key, value);
                }
            } else if (key.startsWith("default.") && !value.isEmpty()) {
                defs.put(key.substring(8), value);
            }
        }
        preferences = Map.copyOf(prefs);
        defaults = Map.copyOf(defs);
    }

    /** The user's preference for a category ({@code preference.<category>}), ANY when unset. */
    public Preference userPreference(String category) {
        return preferences.getOrDefault(category, Preference.ANY);
    }

    // --- providers (whiteboard) ---

    public void addProvider(Class<? extends AiProvider> capability, AiProvider provider) {
        providers.computeIfAbsent(capability, c -> new CopyOnWriteArrayList<>()).add(provider);
        cachedModels = null;
        LOG.info("AI provider `{}` ({}) offers {}", provider.id(), provider.local() ? "local" : "remote",
                capability.getSimpleName());
    }

    public void removeProvider(Class<? extends AiProvider> capability, AiProvider provider) {
        List<AiProvider> list = providers.get(capability);
        if (list != null) {
            list.remove(provider);
        }
        cachedModels = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOcr(OcrProvider p) {
        addProvider(OcrProvider.class, p);
    }

    void removeOcr(OcrProvider p) {
        removeProvider(OcrProvider.class, p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEmbedding(EmbeddingProvider p) {
        addProvider(EmbeddingProvider.class, p);
    }

    void removeEmbedding(EmbeddingProvider p) {
        removeProvider(EmbeddingProvider.class, p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFaces(FaceDetectionProvider p) {
        addProvider(FaceDetectionProvider.class, p);
    }

    void removeFaces(FaceDetectionProvider p) {
        removeProvider(FaceDetectionProvider.class, p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addClassifier(TextClassifierProvider p) {
        addProvider(TextClassifierProvider.class, p);
    }

    void removeClassifier(TextClassifierProvider p) {
        removeProvider(TextClassifierProvider.class, p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGenerator(TextGenerationProvider p) {
        addProvider(TextGenerationProvider.class, p);
    }

    void removeGenerator(TextGenerationProvider p) {
        removeProvider(TextGenerationProvider.class, p);
    }

    private List<AiProvider> providersOf(String category) {
        Class<? extends AiProvider> capability = Capabilities.of(category);
        return capability == null ? List.of() : providers.getOrDefault(capability, List.of());
    }

    private Optional<AiProvider> providerById(String category, String id) {
        return providersOf(category).stream().filter(p -> p.id().equals(id)).findFirst();
    }

    // --- models ---

    /** Provider model lists are asked for at most this often on the call path (listings always ask). */
    private static final long MODELS_TTL_NANOS = 5_000_000_000L;
    private volatile List<AiModel> cachedModels;
    private volatile long cachedAt;

    /**
     * The providers' models for resolving a call: asking every provider for its
     * models on each call costs more than some calls (a provider may look at its
     * files to list them), so the list is kept a few seconds, and dropped when a
     * provider comes or goes.
     */
    private List<AiModel> providerModelsCached() {
        List<AiModel> list = cachedModels;
        if (list == null || System.nanoTime() - cachedAt > MODELS_TTL_NANOS) {
            list = providerModels();
            cachedModels = list;
            cachedAt = System.nanoTime();
        }
        return list;
    }

    /** The models providers offer, each under the categories its provider serves. */
    private List<AiModel> providerModels() {
        List<AiModel> list = new ArrayList<>();
        for (Map.Entry<Class<? extends AiProvider>, List<AiProvider>> e : providers.entrySet()) {
            for (AiProvider p : e.getValue()) {
                List<AiModel> models;
                try {
                    models = p.models();
                } catch (RuntimeException ex) {
                    LOG.warn("AI provider `{}` failed to list its models: {}", p.id(), ex.toString());
                    continue;
                }
                for (AiModel m : models) {
                    if (e.getKey().equals(Capabilities.of(m.category())) && !list.contains(m)) {
                        list.add(m);
                    }
                }
            }
        }
        return list;
    }

    private AiModel toModel(ModelCatalog.Entry e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("owner", e.owner());
        details.put("source", e.kind());
        if (e.url() != null) {
            details.put("url", e.url());
        }
        if (e.sha256() != null) {
            details.put("sha256", e.sha256());
        }
        if (e.size() != null) {
            details.put("size_bytes", e.size());
        }
        details.put("registered_at", e.registeredAt());
        if ("provider".equals(e.kind())) {
            details.put("remote_model", e.model());
            boolean local = providerById(e.category(), e.provider()).map(AiProvider::local).orElse(false);
            return new AiModel(e.name(), e.category(), e.provider(), local, null, details);
        }
        // A model file runs on whichever local provider of its category loads model files now.
        String provider = providersOf(e.category()).stream().filter(p -> p.local() && p.runsModelFiles())
                .map(AiProvider::id).findFirst().orElse(NO_FILE_PROVIDER);
        return new AiModel(e.name(), e.category(), provider, true, Paths.get(e.file()), details);
    }

    @Override
    public List<AiModel> models(String owner) {
        List<AiModel> list = new ArrayList<>(providerModels());
        for (ModelCatalog.Entry e : catalog.entries()) {
            if (e.owner().equals(owner)) {
                list.add(toModel(e));
            }
        }
        list.sort(Comparator.comparing(AiModel::category).thenComparing(AiModel::name));
        return list;
    }

    @Override
    public Optional<AiModel> resolve(String owner, String category, String name, Preference preference) {
        if (category == null) {
            return Optional.empty();
        }
        Preference user = userPreference(category);
        boolean localOk = preference != Preference.REMOTE && user != Preference.REMOTE;
        boolean remoteOk = preference != Preference.LOCAL && user != Preference.LOCAL;
        if (name == null || name.isBlank()) {
            name = defaults.get(category);
        }
        if (name != null && !name.isBlank()) {
            String bare = name.startsWith(category + ":") ? name.substring(category.length() + 1) : name;
            Optional<AiModel> found = catalog.find(owner, category, bare).map(this::toModel);
            if (found.isEmpty()) {
                found = providerModelsCached().stream().filter(m -> m.category().equals(category) && m.name().equals(bare))
                        .findFirst();
            }
            return found.filter(m -> m.local() ? localOk : remoteOk);
        }
        // No name: the providers' models of the category, local first unless only remote is allowed.
        return providerModelsCached().stream().filter(m -> m.category().equals(category))
                .filter(m -> m.local() ? localOk : remoteOk)
                .sorted(Comparator.comparing((AiModel m) -> !m.local()).thenComparing(AiModel::provider)
                        .thenComparing(AiModel::name))
                .findFirst();
    }

    @Override
    public <T extends AiProvider> Optional<T> provider(AiModel model, Class<T> capability) {
        return providers.getOrDefault(capability, List.of()).stream().filter(p -> p.id().equals(model.provider()))
                .map(capability::cast).findFirst();
    }

    // --- registration ---

    @Override
    public AiModel register(String owner, String name, String category, ModelSource source) throws AiException {
        check(owner, "owner");
        check(name, "model name");
        check(category, "category");
        ModelCatalog.Entry entry;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if (source instanceof ModelSource.Download d) {
            if (!SHA256.matcher(d.sha256().trim()).matches()) {
                throw new AiException("invalid_input", "sha256 must be 64 hex digits, got `" + d.sha256() + "`");
            }
            Path target = files.target(owner, category, name, extension(d.url().getPath()));
            String sha = files.download(d.url(), d.sha256(), target);
            entry = new ModelCatalog.Entry(owner, category, name, "download", target.toString(), d.url().toString(),
                    sha, size(target), null, null, now);
        } else if (source instanceof ModelSource.Bundled b) {
            Path target = files.target(owner, category, name, extension(b.fileName()));
            String sha = files.store(new ByteArrayInputStream(b.content()), null, target, b.fileName());
            entry = new ModelCatalog.Entry(owner, category, name, "bundled", target.toString(), null, sha,
                    size(target), null, null, now);
        } else if (source instanceof ModelSource.LocalPath p) {
            Path file = p.path().toAbsolutePath().normalize();
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new AiException("invalid_input", "there is no readable model file at " + file);
            }
            entry = new ModelCatalog.Entry(owner, category, name, "path", file.toString(), null, null, size(file),
                    null, null, now);
        } else if (source instanceof ModelSource.Remote r) {
            if (providerById(category, r.provider()).isEmpty()) {
                throw new AiException("provider_unavailable", "no provider `" + r.provider() + "` offers category `"
                        + category + "` (providers: " + providersOf(category).stream().map(AiProvider::id).toList() + ")");
            }
            entry = new ModelCatalog.Entry(owner, category, name, "provider", null, null, null, null, r.provider(),
                    r.model(), now);
        } else {
            throw new AiException("invalid_input", "unknown model source " + source);
        }
        try {
            Optional<ModelCatalog.Entry> old = catalog.put(entry);
            old.filter(o -> o.file() != null && !o.file().equals(entry.file()) && !"path".equals(o.kind()))
                    .ifPresent(o -> deleteQuietly(Paths.get(o.file())));
        } catch (IOException e) {
            throw new AiException("internal", "cannot write the model catalog: " + e.getMessage(), e);
        }
        LOG.info("Registered model {}:{} for {} ({})", category, name, owner, entry.kind());
        return toModel(entry);
    }

    @Override
    public boolean unregister(String owner, String category, String name) throws AiException {
        try {
            Optional<ModelCatalog.Entry> old = catalog.remove(owner, category, name);
            old.filter(o -> o.file() != null && !"path".equals(o.kind()))
                    .ifPresent(o -> deleteQuietly(Paths.get(o.file())));
            return old.isPresent();
        } catch (IOException e) {
            throw new AiException("internal", "cannot write the model catalog: " + e.getMessage(), e);
        }
    }

    private static void check(String value, String what) throws AiException {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new AiException("invalid_input", "the " + what + " `" + value
                    + "` must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** The model file keeps its extension (providers may tell formats apart by it). */
    private static String extension(String path) {
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        String ext = dot > 0 ? last.substring(dot).toLowerCase(Locale.ROOT) : "";
        return ext.matches("\\.[a-z0-9]{1,10}") ? ext : ".bin";
    }

    private static Long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the replaced model file {}: {}", file, e.getMessage());
        }
    }

    /** The user's default model per category, for listings. */
    Map<String, String> defaults() {
        return defaults;
    }

}

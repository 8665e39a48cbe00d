package org.vdfs.wasm.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.ExtensionStartParticipant;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationRegistry;

/**
 * The extender: like DS or Blueprint, it watches bundles and brings to life
 * those that carry the {@value ExtensionRegistry#EXTENSION_HEADER} header. It
 * works synchronously inside the bundle's start and stop, so that when
 * {@code Bundle.start()} returns the extension is running or has failed with
 * a reason, and when {@code stop()} returns its operations are gone.
 */
@Component(service = { ExtensionRegistry.class, ExtensionInstaller.class }, immediate = true,
        configurationPid = "org.vdfs.wasm")
@Designate(ocd = RuntimeConfig.class)
public class ExtensionExtender implements ExtensionRegistry, ExtensionInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionExtender.class);

    @Reference
    private OperationRegistry registry;
    @Reference
    private PermissionGuard guard;
    /**
     * Whoever must be ready before an extension runs (the store: its SQL migrations).
     * Dynamic and optional: the runtime works without a store, and a store that
     * comes later learns of running extensions by itself.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ExtensionStartParticipant> participants;

    /** Tracked bundle id → what it holds (running or failed). */
    private final Map<Long, Tracked> byBundle = new ConcurrentHashMap<>();
    private GuestExecutor executor;
    private CompiledModuleCache cache;
    private RuntimeOptions options;
    private BundleTracker<Tracked> tracker;
    private PackageInstaller installer;
    private List<ServiceRegistration<Operation>> builtIns = List.of();

    /**
     * A tracked extension bundle: the running extension; or, when it is not
     * running, why ({@code failure}, or {@code problem} alone when the package
     * could not even be read and so has no manifest to list).
     */
    private record Tracked(WasmExtension extension, ExtensionInfo failure, String problem) {
        ExtensionInfo info() {
            return extension != null ? extension.info() : failure;
        }
    }

    @Activate
    void activate(BundleContext context, RuntimeConfig config) {
        String data = context.getProperty("vdfs.data") == null ? "data" : context.getProperty("vdfs.data");
        Path dir = config.data_dir().isBlank() ? Paths.get(data, "wasm") : Paths.get(config.data_dir());
        Bundle chicory = FrameworkUtil.getBundle(com.dylibso.chicory.runtime.Instance.class);
        cache = new CompiledModuleCache(dir.resolve("compiled")
                .resolve("chicory-" + (chicory == null ? "dev" : chicory.getVersion().toString())));
        options = new RuntimeOptions(config.compiler(), config.pool_size(), config.max_payload_bytes(),
                config.calls_on_caller_thread());
        executor = new GuestExecutor();
        installer = new PackageInstaller(context, this, this::problemOf);
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public Tracked addingBundle(Bundle bundle, BundleEvent event) {
                String folder = bundle.getHeaders().get(EXTENSION_HEADER);
                return folder == null ? null : load(bundle, folder);
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, Tracked tracked) {
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Tracked tracked) {
                unload(bundle, tracked);
            }
        });
        tracker.open();
        builtIns = ExtensionOperations.register(context, this);
        LOG.info("WASM runtime ready ({}, up to {} instances per extension, operation calls on {}, compiled-module "
                + "cache in {})", options.compile() ? "compiler" : "interpreter", options.poolSize(),
                options.onCallerThread() ? "the caller's thread" : "guest threads", dir.toAbsolutePath());
    }

    @Deactivate
    void deactivate() {
        builtIns.forEach(ServiceRegistration::unregister);
        tracker.close();
        executor.close();
    }

    private Tracked load(Bundle bundle, String folder) {
        Tracked tracked = start(bundle, folder);
        byBundle.put(bundle.getBundleId(), tracked);
        return tracked;
    }

    private Tracked start(Bundle bundle, String folder) {
        ExtensionPackage pkg;
        try {
            pkg = ExtensionPackage.read(bundle, folder);
        } catch (ExtensionException e) {
            LOG.error("Bundle {} ({}) carries no usable extension: {}", bundle.getSymbolicName(), bundle.getBundleId(),
                    e.getMessage());
            return new Tracked(null, null, e.getMessage());
        }
        String id = pkg.manifest().id();
        long started = System.nanoTime();
        try {
            for (Tracked t : byBundle.values()) {
                ExtensionInfo other = t.info();
                if (other != null && other.id().equals(id) && other.state() != ExtensionState.FAILED) {
                    throw new ExtensionException("extension id `" + id + "` is already provided by bundle "
                            + other.bundleId());
                }
            }
            // Before the module is even loaded: a participant that refuses (a failing
            // migration) leaves nothing to clean up, and the extension is listed as failed.
            for (ExtensionStartParticipant participant : participants == null ? List.<ExtensionStartParticipant>of()
                    : participants) {
                try {
                    participant.starting(id, bundle.getBundleId());
                } catch (RuntimeException e) {
                    throw new ExtensionException("preparing extension `" + id + "` failed: " + e, e);
                }
            }
            LoadedModule module = LoadedModule.load(id, pkg.wasm(), options.compile(), cache);
            WasmExtension extension = new WasmExtension(pkg, bundle, module, options, registry, guard, executor);
            // Listed while it starts, so that its own plugin_init sees it in extensions.list.
            byBundle.put(bundle.getBundleId(), new Tracked(extension, null, null));
            extension.start();
            ExtensionInfo info = extension.info();
            LOG.info("Extension {} {} started in {} ms ({}{}; operations {}, jobs {})", id, pkg.manifest().version(),
                    (System.nanoTime() - started) / 1_000_000, module.compiled() ? "compiled" : "interpreted",
                    module.fromCache() ? ", from cache" : "", info.operations(),
                    info.jobs().stream().map(j -> j.fullName()).toList());
            return new Tracked(extension, null, null);
        } catch (ExtensionException e) {
            LOG.error("Extension {} (bundle {}) failed to start: {}", id, bundle.getBundleId(), e.getMessage());
            return new Tracked(null, WasmExtension.failed(pkg.manifest(), bundle, e.getMessage()), e.getMessage());
        }
    }

    private void unload(Bundle bundle, Tracked tracked) {
        byBundle.remove(bundle.getBundleId());
        if (tracked.extension() != null) {
            tracked.extension().stop();
            LOG.info("Extension {} stopped", tracked.extension().id());
        }
    }

    /** Why a bundle's extension is not running, or empty if it runs (or the bundle is no extension). */
    Optional<String> problemOf(long bundleId) {
        Tracked t = byBundle.get(bundleId);
        return t == null ? Optional.empty() : Optional.ofNullable(t.problem());
    }

    @Override
    public List<ExtensionInfo> list() {
        List<ExtensionInfo> all = new ArrayList<>();
        for (Tracked t : byBundle.values()) {
            if (t.info() != null) {
                all.add(t.info());
            }
        }
        all.sort(Comparator.comparing(ExtensionInfo::id).thenComparing(ExtensionInfo::bundleId));
        return all;
    }

    @Override
    public Optional<ExtensionInfo> find(String extensionId) {
        // called on every guarded AI call: only the matching extension's info is built, not every one's
        ExtensionInfo failed = null;
        for (Tracked t : byBundle.values()) {
            if (t.extension() != null && t.extension().id().equals(extensionId)) {
                ExtensionInfo info = t.extension().info();
                if (info.state() != ExtensionState.FAILED) {
                    return Optional.of(info);
                }
                failed = info;
            } else if (t.extension() == null && t.failure() != null && t.failure().id().equals(extensionId)) {
                failed = t.failure();
            }
        }
        return Optional.ofNullable(failed);
    }

    @Override
    public ExtensionInfo install(Path packagePath) throws ExtensionException {
        return installer.install(packagePath);
    }

    @Override
    public void uninstall(String extensionId) throws ExtensionException {
        installer.uninstall(extensionId);
    }
}

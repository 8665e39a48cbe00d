package org.vdfs.wasm.internal;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongFunction;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionRegistry;

/**
 * Installs packages as bundles and checks that they came up. A package that
 * fails leaves nothing behind; a failed upgrade puts the previous version back.
 */
final class PackageInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(PackageInstaller.class);
    static final String LOCATION_PREFIX = "vdfs-extension:";

    /** How long a bundle that does not resolve is tried again, and how often. */
    private static final long RESOLVE_RETRY_NANOS = 15_000_000_000L;
    private static final long RESOLVE_RETRY_PAUSE_MS = 200;

    private final BundleContext context;
    private final ExtensionRegistry registry;
    private final LongFunction<Optional<String>> problemOf;

    PackageInstaller(BundleContext context, ExtensionRegistry registry, LongFunction<Optional<String>> problemOf) {
        this.context = context;
        this.registry = registry;
        this.problemOf = problemOf;
    }

    ExtensionInfo install(Path path) throws ExtensionException {
        ExtensionPackage pkg = ExtensionPackage.read(path);
        String id = pkg.manifest().id();
        byte[] jar = ExtensionBundle.build(pkg);
        Bundle existing = bundleOf(id);
        if (existing != null) {
            upgrade(existing, pkg, jar);
        } else {
            Bundle bundle;
            try {
                bundle = context.installBundle(LOCATION_PREFIX + id, new ByteArrayInputStream(jar));
            } catch (BundleException e) {
                throw new ExtensionException("cannot install extension `" + id + "`: " + e.getMessage(), e);
            }
            String problem = startAndCheck(bundle);
            if (problem != null) {
                uninstallQuietly(bundle);
                throw new ExtensionException(problem);
            }
            LOG.info("Installed extension {} {} from {} as bundle {}", id, pkg.manifest().version(), path,
                    bundle.getBundleId());
        }
        return registry.find(id).orElseThrow(() -> new ExtensionException(
                "extension `" + id + "` was installed but the runtime does not list it; is the WASM runtime running?"));
    }

    private void upgrade(Bundle existing, ExtensionPackage pkg, byte[] jar) throws ExtensionException {
        String id = pkg.manifest().id();
        byte[] previous = null;
        String header = existing.getHeaders().get(ExtensionRegistry.EXTENSION_HEADER);
        try {
            previous = ExtensionBundle.build(
                    ExtensionPackage.readAll(existing, header == null ? ExtensionBundle.FOLDER : header));
        } catch (ExtensionException e) {
            LOG.warn("The installed version of {} is unreadable ({}); an upgrade that fails cannot be rolled back", id,
                    e.getMessage());
        }
        String oldVersion = existing.getVersion().toString();
        try {
            existing.update(new ByteArrayInputStream(jar));
        } catch (BundleException e) {
            throw new ExtensionException("cannot upgrade extension `" + id + "`: " + e.getMessage(), e);
        }
        String problem = startAndCheck(existing);
        if (problem == null) {
            LOG.info("Upgraded extension {} from {} to {}", id, oldVersion, pkg.manifest().version());
            return;
        }
        if (previous != null) {
            try {
                existing.update(new ByteArrayInputStream(previous));
                startAndCheck(existing);
            } catch (BundleException e) {
                LOG.error("Rolling {} back to {} failed: {}", id, oldVersion, e.getMessage());
            }
        }
        throw new ExtensionException("upgrade of extension `" + id + "` to " + pkg.manifest().version() + " failed, "
                + (previous != null ? "version " + oldVersion + " is back in place" : "nothing to roll back to") + ": "
                + problem);
    }

    /** @return why the extension is not running, or {@code null} if it runs */
    private String startAndCheck(Bundle bundle) {
        long deadline = System.nanoTime() + RESOLVE_RETRY_NANOS;
        boolean logged = false;
        while (true) {
            try {
                bundle.start();
                break;
            } catch (BundleException e) {
                // While Karaf deploys a feature it resolves the feature's bundles under a resolver
                // hook that keeps every other bundle unresolved ("Resolver hook prevented
                // resolution"). That passes, so a resolution error is tried again for a while.
                if (e.getType() != BundleException.RESOLVE_ERROR || System.nanoTime() - deadline > 0) {
                    return "the bundle of the extension does not start: " + e.getMessage();
                }
                if (!logged) {
                    LOG.info("The bundle of {} does not resolve yet ({}); trying again for up to {} s",
                            bundle.getSymbolicName(), e.getMessage(), RESOLVE_RETRY_NANOS / 1_000_000_000L);
                    logged = true;
                }
                try {
                    Thread.sleep(RESOLVE_RETRY_PAUSE_MS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return "the bundle of the extension does not start: " + e.getMessage();
                }
            }
        }
        return problemOf.apply(bundle.getBundleId()).orElse(null);
    }

    void uninstall(String extensionId) throws ExtensionException {
        Bundle bundle = bundleOf(extensionId);
        if (bundle == null) {
            throw new ExtensionException("no extension `" + extensionId + "` is installed");
        }
        try {
            bundle.uninstall();
            LOG.info("Uninstalled extension {} (bundle {})", extensionId, bundle.getBundleId());
        } catch (BundleException e) {
            throw new ExtensionException("cannot uninstall extension `" + extensionId + "`: " + e.getMessage(), e);
        }
    }

    private Bundle bundleOf(String extensionId) {
        Optional<ExtensionInfo> known = registry.find(extensionId);
        if (known.isPresent()) {
            return context.getBundle(known.get().bundleId());
        }
        Bundle byLocation = context.getBundle(LOCATION_PREFIX + extensionId);
        if (byLocation != null) {
            return byLocation;
        }
        for (Bundle b : context.getBundles()) {
            if (extensionId.equals(b.getSymbolicName()) && b.getHeaders().get(ExtensionRegistry.EXTENSION_HEADER) != null) {
                return b;
            }
        }
        return null;
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Could not remove bundle {} after a failed install: {}", bundle.getBundleId(), e.getMessage());
        }
    }
}

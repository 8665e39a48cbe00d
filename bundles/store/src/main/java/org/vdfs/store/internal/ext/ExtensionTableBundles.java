package org.vdfs.store.internal.ext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.ExtensionStartParticipant;
import org.vdfs.api.store.ExtensionSql;

/**
 * How the store learns of extensions and their migrations, two ways:
 * <ul>
 * <li>as an {@link ExtensionStartParticipant}: the WASM runtime calls it before
 *     it starts an extension (install, upgrade, restart), and a migration that
 *     fails there fails the start, so the installer refuses the package or puts
 *     the previous version back. This is the path that matters.</li>
 * <li>with a {@link BundleTracker} over ACTIVE bundles carrying the
 *     {@value ExtensionRegistry#EXTENSION_HEADER} header, for extensions that
 *     were running before the store started (or restarted), which no runtime
 *     will announce again. A failure there cannot stop the extension; it is
 *     logged, and the extension's {@code ext.sql.*} calls in that library are
 *     refused ({@code unavailable}) until its migrations succeed.</li>
 * </ul>
 * Both read {@code <folder>/migrations/*.sql} from the bundle. The tracker names
 * the extension by the {@code id} of {@code <folder>/manifest.json}, or else by
 * the bundle's symbolic name, which the installer sets to the extension id (a
 * package whose manifest is embedded in the module has no manifest.json); the
 * participant is told the id by the runtime.
 */
// ExtensionSql is registered by hand (not by DS): declared here so that resolvers (bnd export,
// Karaf features) see that the ext.sql.* operations' reference can be satisfied.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.vdfs.api.store.ExtensionSql",
        uses = ExtensionSql.class)
public final class ExtensionTableBundles implements ExtensionStartParticipant {

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionTableBundles.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BundleContext context;
    private final ExtensionTables tables;
    private BundleTracker<String> tracker;
    private ServiceRegistration<?> participant;
    private ServiceRegistration<?> sql;

    public ExtensionTableBundles(BundleContext context, ExtensionTables tables) {
        this.context = context;
        this.tables = tables;
    }

    public void open() {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public String addingBundle(Bundle bundle, BundleEvent event) {
                String folder = bundle.getHeaders().get(ExtensionRegistry.EXTENSION_HEADER);
                if (folder == null) {
                    return null;
                }
                try {
                    MigrationSet set = read(bundle, folder, idOf(bundle, folder));
                    tables.register(set);
                    return set.extensionId();
                } catch (ExtensionException | RuntimeException e) {
                    LOG.error("Extension bundle {} ({}): {}", bundle.getSymbolicName(), bundle.getBundleId(),
                            e.getMessage());
                    return idOf(bundle, folder);
                }
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, String id) {
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, String id) {
                tables.unregister(id, bundle.getBundleId());
            }
        });
        tracker.open();
        participant = context.registerService(ExtensionStartParticipant.class, this, null);
        sql = context.registerService(ExtensionSql.class, tables, null);
    }

    public void close() {
        if (sql != null) {
            sql.unregister();
            participant.unregister();
            tracker.close();
        }
    }

    @Override
    public void starting(String extensionId, long bundleId) throws ExtensionException {
        Bundle bundle = context.getBundle(bundleId);
        if (bundle == null) {
            throw new ExtensionException("bundle " + bundleId + " of extension `" + extensionId + "` is gone");
        }
        String folder = bundle.getHeaders().get(ExtensionRegistry.EXTENSION_HEADER);
        tables.register(read(bundle, folder == null ? "extension/" : folder, extensionId));
    }

    static MigrationSet read(Bundle bundle, String folder, String extensionId) throws ExtensionException {
        String root = (folder.endsWith("/") ? folder : folder + "/") + "migrations";
        Map<String, String> files = new LinkedHashMap<>();
        Enumeration<URL> entries = bundle.findEntries(root, "*.sql", false);
        for (URL url : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            try (InputStream in = url.openStream()) {
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ExtensionException("cannot read migration " + name + " of extension `" + extensionId
                        + "`: " + e.getMessage(), e);
            }
        }
        return MigrationSet.of(extensionId, bundle.getBundleId(), files);
    }

    private static String idOf(Bundle bundle, String folder) {
        URL manifest = bundle.getEntry((folder.endsWith("/") ? folder : folder + "/") + "manifest.json");
        if (manifest != null) {
            try (InputStream in = manifest.openStream()) {
                JsonNode id = JSON.readTree(in).get("id");
                if (id != null && id.isTextual()) {
                    return id.asText();
                }
            } catch (IOException e) {
                LOG.debug("unreadable manifest.json in bundle {}: {}", bundle.getBundleId(), e.getMessage());
            }
        }
        return bundle.getSymbolicName();
    }
}

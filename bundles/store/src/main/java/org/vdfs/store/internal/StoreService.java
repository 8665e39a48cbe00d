package org.vdfs.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.LibraryInfo;
import org.vdfs.api.store.StoreException;
import org.vdfs.api.store.VdfsStore;
import org.vdfs.store.internal.ext.ExtensionTableBundles;
import org.vdfs.store.internal.ext.ExtensionTables;

/** The VDFS store: libraries as H2 files under {@code <data.dir>/libraries}, migrated on open. */
@Component(service = VdfsStore.class, configurationPid = "org.vdfs.store")
@Designate(ocd = StoreConfig.class)
public class StoreService implements VdfsStore {

    static final String DEFAULT_LIBRARY_NAME = "Default";
    private static final Logger LOG = LoggerFactory.getLogger(StoreService.class);

    private final Map<UUID, LibraryDatabase> open = new ConcurrentHashMap<>();
    private Path folder;
    private LibraryCatalog catalog;
    private MigrationSource coreMigrations;
    /** Extension-owned tables (package ext): told when libraries open and close. */
    private final ExtensionTables extensionTables = new ExtensionTables(this);
    private ExtensionTableBundles extensionBundles;

    @Activate
    void activate(BundleContext context, StoreConfig config) throws StoreException {
        String data = context.getProperty("vdfs.data") == null ? "data" : context.getProperty("vdfs.data");
        Path dir = config.data_dir().isBlank() ? Paths.get(data, "store") : Paths.get(config.data_dir());
        start(dir, new BundleMigrationSource(context.getBundle(), "db/core"));
        extensionBundles = new ExtensionTableBundles(context, extensionTables);
        extensionBundles.open();
    }

    /** Reads the catalog and creates the default library on first start. */
    void start(Path dataDir, MigrationSource migrations) throws StoreException {
        this.folder = dataDir.resolve("libraries");
        this.coreMigrations = migrations;
        try {
            Files.createDirectories(folder);
            catalog = LibraryCatalog.load(dataDir.resolve("libraries.json"));
        } catch (IOException e) {
            throw new StoreException(ErrorCodes.INTERNAL, "the store cannot use its folder " + dataDir.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        if (catalog.defaultId() == null) {
            create(DEFAULT_LIBRARY_NAME, true);
        }
        LOG.info("VDFS store ready in {}: {} libraries", dataDir.toAbsolutePath(), catalog.entries().size());
    }

    @Deactivate
    void deactivate() {
        if (extensionBundles != null) {
            extensionBundles.close();
        }
        extensionTables.closeAll();
        open.values().forEach(LibraryDatabase::close);
        open.clear();
    }

    @Override
    public List<LibraryInfo> libraries() {
        List<LibraryInfo> list = new ArrayList<>();
        for (LibraryCatalog.Entry entry : catalog.entries()) {
            LibraryDatabase db = open.get(entry.id());
            list.add(new LibraryInfo(entry.id(), entry.name(), entry.createdAt(),
                    entry.id().equals(catalog.defaultId()), db != null && !db.isClosed()));
        }
        return list;
    }

    @Override
    public LibraryInfo createLibrary(String name) throws StoreException {
        if (name == null || name.isBlank()) {
            throw new StoreException(ErrorCodes.INVALID_PAYLOAD, "a new library needs a name");
        }
        return create(name.trim(), false).info();
    }

    private synchronized LibraryDatabase create(String name, boolean makeDefault) throws StoreException {
        LibraryCatalog.Entry entry = new LibraryCatalog.Entry(UUID.randomUUID(), name,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        LibraryDatabase db = LibraryDatabase.open(folder, entry.id(), name, entry.createdAt(), makeDefault,
                coreMigrations);
        try {
            catalog.add(entry, makeDefault);
        } catch (IOException e) {
            db.close();
            throw new StoreException(ErrorCodes.INTERNAL, "library `" + name + "` was created but the catalog "
                    + "could not be written: " + e.getMessage(), e);
        }
        open.put(entry.id(), db);
        extensionTables.libraryOpened(entry.id(), entry.name(), db::connection);
        LOG.info("Created library `{}` ({})", name, entry.id());
        return db;
    }

    @Override
    public UUID defaultLibraryId() {
        return catalog.defaultId();
    }

    @Override
    public synchronized Library library(UUID id) throws StoreException {
        UUID wanted = id == null ? catalog.defaultId() : id;
        LibraryDatabase db = open.get(wanted);
        if (db != null && !db.isClosed()) {
            return db;
        }
        LibraryCatalog.Entry entry = catalog.find(wanted);
        if (entry == null) {
            throw new StoreException(ErrorCodes.INVALID_PAYLOAD, "there is no library " + wanted + " (libraries: "
                    + String.join(", ", catalog.entries().stream().map(e -> e.id() + " `" + e.name() + "`").toList())
                    + ")");
        }
        db = LibraryDatabase.open(folder, entry.id(), entry.name(), entry.createdAt(),
                entry.id().equals(catalog.defaultId()), coreMigrations);
        open.put(entry.id(), db);
        extensionTables.libraryOpened(entry.id(), entry.name(), db::connection);
        return db;
    }

    @Override
    public synchronized void closeLibrary(UUID id) throws StoreException {
        if (catalog.find(id) == null) {
            throw new StoreException(ErrorCodes.INVALID_PAYLOAD, "there is no library " + id);
        }
        LibraryDatabase db = open.remove(id);
        if (db != null) {
            extensionTables.libraryClosed(id);
            db.close();
        }
    }

    /** For tests in this bundle. */
    ExtensionTables extensionTables() {
        return extensionTables;
    }
}

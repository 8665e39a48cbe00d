package org.vdfs.store.internal;

import java.nio.file.Path;
import org.vdfs.api.store.StoreException;
import org.vdfs.api.store.VdfsStore;

/** For tests in other packages of the bundle: a store on a folder, with the core migrations. */
public final class TestStores {

    private TestStores() {
    }

    public static StoreService start(Path dir) throws StoreException {
        StoreService store = new StoreService();
        store.start(dir, DirectoryMigrationSource.core());
        return store;
    }

    public static void stop(VdfsStore store) {
        ((StoreService) store).deactivate();
    }
}

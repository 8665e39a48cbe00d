package org.vdfs.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.osgi.framework.Bundle;

/** SQL files in a folder of a bundle, found with {@link Bundle#findEntries} (no class loading involved). */
final class BundleMigrationSource implements MigrationSource {

    private final Bundle bundle;
    private final String folder;

    BundleMigrationSource(Bundle bundle, String folder) {
        this.bundle = bundle;
        this.folder = folder;
    }

    @Override
    public List<String> fileNames() {
        List<String> names = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*.sql", false);
        for (URL url : entries == null ? List.<URL>of() : Collections.list(entries)) {
            String path = url.getPath();
            names.add(path.substring(path.lastIndexOf('/') + 1));
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public String read(String fileName) throws IOException {
        URL url = bundle.getEntry(folder + "/" + fileName);
        if (url == null) {
            throw new IOException(describe() + " has no " + fileName);
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String describe() {
        return bundle.getSymbolicName() + "!/" + folder;
    }
}

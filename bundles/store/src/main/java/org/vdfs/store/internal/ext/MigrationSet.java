package org.vdfs.store.internal.ext;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vdfs.store.internal.MigrationSource;

/**
 * The SQL migrations one version of an extension carries ({@code migrations/*.sql}
 * in its package), read into memory: they are small, and a bundle being updated
 * must not be read again halfway.
 *
 * @param extensionId the extension
 * @param bundleId    the bundle they came from ({@code -1} when not from a bundle, e.g. in tests)
 * @param files       file name (e.g. {@code V1__notes.sql}) → text
 * @param fingerprint a hash over names and texts: the same set is not migrated twice in a library
 */
public record MigrationSet(String extensionId, long bundleId, SortedMap<String, String> files, String fingerprint)
        implements MigrationSource {

    public static MigrationSet of(String extensionId, long bundleId, Map<String, String> files) {
        TreeMap<String, String> sorted = new TreeMap<>(files);
        StringBuilder all = new StringBuilder();
        sorted.forEach((name, text) -> all.append(name).append('\0').append(text).append('\0'));
        return new MigrationSet(extensionId, bundleId, Collections.unmodifiableSortedMap(sorted),
                SchemaNames.sha256(all.toString()));
    }

    @Override
    public List<String> fileNames() {
        return List.copyOf(files.keySet());
    }

    @Override
    public String read(String fileName) {
        return files.get(fileName);
    }

    @Override
    public String describe() {
        return extensionId + "!/migrations";
    }
}

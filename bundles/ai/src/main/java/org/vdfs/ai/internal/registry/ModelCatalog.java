package org.vdfs.ai.internal.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registered models: a small JSON file under the data directory
 * ({@code models.json}), rewritten whole and moved into place atomically. It
 * is machine-local (never synced): paths in it point into this machine.
 */
final class ModelCatalog {

    /**
     * One registration.
     *
     * @param kind     {@code download}, {@code path}, {@code provider} or {@code bundled}
     * @param file     the model file (downloaded, copied, or the given path); null for a remote model
     * @param url      a download's URL
     * @param sha256   the verified digest of the file, when the registry stored it
     * @param provider a remote model's provider id
     * @param model    a remote model's id at its provider
     */
    record Entry(String owner, String category, String name, String kind, String file, String url, String sha256,
            Long size, String provider, String model, String registeredAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final List<Entry> entries;

    private ModelCatalog(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static ModelCatalog load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ModelCatalog(file, new ArrayList<>());
        }
        return new ModelCatalog(file, new ArrayList<>(JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {
        })));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized Optional<Entry> find(String owner, String category, String name) {
        return entries.stream()
                .filter(e -> e.owner().equals(owner) && e.category().equals(category) && e.name().equals(name))
                .findFirst();
    }

    /** Adds or replaces; returns the entry it replaced. */
    synchronized Optional<Entry> put(Entry entry) throws IOException {
        Optional<Entry> old = find(entry.owner(), entry.category(), entry.name());
        List<Entry> next = new ArrayList<>(entries);
        old.ifPresent(next::remove);
        next.add(entry);
        write(next);
        entries.clear();
        entries.addAll(next);
        return old;
    }

    synchronized Optional<Entry> remove(String owner, String category, String name) throws IOException {
        Optional<Entry> old = find(owner, category, name);
        if (old.isPresent()) {
            List<Entry> next = new ArrayList<>(entries);
            next.remove(old.get());
            write(next);
            entries.clear();
            entries.addAll(next);
        }
        return old;
    }

    private void write(List<Entry> list) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), list);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

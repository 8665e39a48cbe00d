package org.vdfs.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code libraries.json}: which libraries exist, their names and which one is
 * the default. Listing libraries must not open every database, so this small
 * file holds what a listing shows; it is rewritten atomically.
 */
final class LibraryCatalog {

    record Entry(UUID id, String name, Instant createdAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();
    private UUID defaultId;

    private LibraryCatalog(Path file) {
        this.file = file;
    }

    static LibraryCatalog load(Path file) throws IOException {
        LibraryCatalog catalog = new LibraryCatalog(file);
        if (Files.exists(file)) {
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode def = root.path("default");
            catalog.defaultId = def.isTextual() ? UUID.fromString(def.asText()) : null;
            for (JsonNode library : root.path("libraries")) {
                catalog.entries.add(new Entry(UUID.fromString(library.path("id").asText()),
                        library.path("name").asText(), Instant.parse(library.path("created_at").asText())));
            }
        }
        return catalog;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized Entry find(UUID id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
    }

    synchronized UUID defaultId() {
        return defaultId;
    }

    synchronized void add(Entry entry, boolean makeDefault) throws IOException {
        entries.add(entry);
        if (makeDefault) {
            defaultId = entry.id();
        }
        save();
    }

    private void save() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("default", defaultId == null ? null : defaultId.toString());
        ArrayNode list = root.putArray("libraries");
        for (Entry entry : entries) {
            list.addObject().put("id", entry.id().toString()).put("name", entry.name())
                    .put("created_at", entry.createdAt().toString());
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

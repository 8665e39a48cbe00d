package org.vdfs.guard.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user's revocations, per extension, in {@code grants.json}. Written
 * atomically (temp file + move) so a crash never leaves half a file.
 */
final class GrantStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, List<String>> revoked = new TreeMap<>();

    GrantStore(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try {
                revoked.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, List<String>>>() { }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the grants file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    synchronized List<String> revoked(String extensionId) {
        return List.copyOf(revoked.getOrDefault(extensionId, List.of()));
    }

    synchronized void setRevoked(String extensionId, List<String> prefixes) {
        if (prefixes.isEmpty()) {
            revoked.remove(extensionId);
        } else {
            revoked.put(extensionId, new ArrayList<>(prefixes));
        }
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), revoked);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the grants file " + file + ": " + e.getMessage(), e);
        }
    }
}

package org.vdfs.store.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** SQL files in a directory: the bundle's migrations as the test class path holds them. */
final class DirectoryMigrationSource implements MigrationSource {

    private final Path dir;

    DirectoryMigrationSource(Path dir) {
        this.dir = dir;
    }

    static DirectoryMigrationSource core() {
        try {
            return new DirectoryMigrationSource(Paths.get(DirectoryMigrationSource.class.getResource("/db/core").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }

    @Override
    public String read(String fileName) throws IOException {
        return Files.readString(dir.resolve(fileName));
    }

    @Override
    public String describe() {
        return dir.toString();
    }
}

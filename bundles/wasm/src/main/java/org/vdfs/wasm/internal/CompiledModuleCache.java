package org.vdfs.wasm.internal;

import com.dylibso.chicory.compiler.Cache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Chicory's compiled classes on disk, keyed by the module's digest, so that a
 * restart (or a reinstall of the same module) loads bytecode instead of
 * compiling again. One folder per Chicory version: bytecode from another
 * compiler version must never be loaded.
 */
final class CompiledModuleCache implements Cache {

    private final Path dir;

    CompiledModuleCache(Path dir) {
        this.dir = dir;
    }

    private Path file(String key) {
        // keys are "sha-256:<base64>"; make them file-name safe
        return dir.resolve(key.replace(':', '_').replace('/', '_').replace('+', '-').replace("=", "") + ".jar");
    }

    @Override
    public byte[] get(String key) throws IOException {
        Path f = file(key);
        return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        Path f = file(key);
        if (Files.exists(f)) {
            return;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "compiling-", ".tmp");
        try {
            Files.write(tmp, data);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    boolean contains(String key) {
        return key != null && Files.isRegularFile(file(key));
    }
}

package org.vdfs.wasm.internal;

import com.dylibso.chicory.compiler.Cache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Chicory's compiled classes on disk, keyed by the module's digest, so that a
 * restart (or a reinstall of the same module) loads bytecode instead of
 * compiling again. The caller puts it in a folder per Chicory version:
 * bytecode from another compiler version must never be loaded. Modules
 * compiled whole and modules with some functions left to the interpreter are
 * kept apart, because the runtime drops the instructions of the former.
 */
final class CompiledModuleCache {

    private final Folder whole;
    private final Folder mixed;

    CompiledModuleCache(Path dir) {
        this.whole = new Folder(dir.resolve("whole"));
        this.mixed = new Folder(dir.resolve("mixed"));
    }

    /** For modules whose every function compiles to bytecode. */
    Cache whole() {
        return whole;
    }

    /** For modules some of whose functions stay interpreted. */
    Cache mixed() {
        return mixed;
    }

    boolean contains(String key) {
        return whole.contains(key) || mixed.contains(key);
    }

    boolean containsWhole(String key) {
        return whole.contains(key);
    }

    /** The key Chicory's compiler files a module under: its parser's digest, computed here without parsing. */
    static String key(byte[] wasm) {
        try {
            return "sha-256:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(wasm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static final class Folder implements Cache {
        private final Path dir;

        Folder(Path dir) {
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
}

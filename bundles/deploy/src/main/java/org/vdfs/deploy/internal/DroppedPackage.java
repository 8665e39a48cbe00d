package org.vdfs.deploy.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Decides, cheaply, whether a file in the deploy folder is a complete extension
 * package: a {@code .wasm} whose sections parse to the very end and include the
 * {@value #MANIFEST_SECTION} custom section, or a {@code .zip} whose central
 * directory reads and lists {@value #MANIFEST_JSON}. FileInstall asks on every
 * poll, and a file still being copied must read as "not yet".
 */
final class DroppedPackage {

    static final String MANIFEST_SECTION = "spacedrive.manifest";
    static final String MANIFEST_JSON = "manifest.json";
    private static final byte[] WASM_HEADER = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
    private static final byte[] ZIP_MAGIC = { 'P', 'K', 3, 4 };
    private static final byte[] SECTION_NAME = MANIFEST_SECTION.getBytes(StandardCharsets.UTF_8);
    /** The highest section id of WebAssembly 2.0 (data count is 12, tag 13). */
    private static final int MAX_SECTION_ID = 13;

    private DroppedPackage() {
    }

    /** Whether this is a file the deployer takes care of at all (by its name). */
    static boolean isCandidate(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".wasm") || name.endsWith(".zip");
    }

    /** @return why the file is not (yet) a package, or {@code null} when it is one */
    static String problem(Path file) {
        if (!Files.isRegularFile(file)) {
            return "is not a file";
        }
        try {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip") ? zipProblem(file)
                    : wasmProblem(file);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    private static String wasmProblem(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            byte[] header = new byte[WASM_HEADER.length];
            if (length < header.length) {
                return "is too short for a WebAssembly module (still being written?)";
            }
            in.readFully(header);
            if (!Arrays.equals(header, WASM_HEADER)) {
                return "is not a WebAssembly 1.0 module (bad magic number or version)";
            }
            boolean manifest = false;
            // Only section headers are read; section bodies are skipped by seeking.
            while (in.getFilePointer() < length) {
                int id = in.read();
                long size = leb(in);
                long start = in.getFilePointer();
                if (id > MAX_SECTION_ID || size < 0) {
                    return "holds a malformed section header at byte " + (start - 1);
                }
                if (start + size > length) {
                    return "ends inside a section (still being written, or truncated)";
                }
                if (id == 0 && !manifest) {
                    long nameLength = leb(in);
                    if (nameLength == SECTION_NAME.length && in.getFilePointer() + nameLength <= start + size) {
                        byte[] name = new byte[SECTION_NAME.length];
                        in.readFully(name);
                        manifest = Arrays.equals(name, SECTION_NAME);
                    }
                }
                in.seek(start + size);
            }
            return manifest ? null : "carries no \"" + MANIFEST_SECTION + "\" custom section; embed the manifest,"
                    + " or deploy a zip holding manifest.json and the module";
        } catch (EOFException e) {
            return "ends inside a section header (still being written, or truncated)";
        }
    }

    private static String zipProblem(Path file) throws IOException {
        byte[] magic = new byte[ZIP_MAGIC.length];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(magic, 0, magic.length) != magic.length || !Arrays.equals(magic, ZIP_MAGIC)) {
                return "is not a zip archive";
            }
        }
        // Opening reads the central directory, which a zip writer writes last.
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry(MANIFEST_JSON) != null ? null
                    : "holds no " + MANIFEST_JSON + " at its top level";
        } catch (ZipException e) {
            return "has no readable central directory (still being written, or damaged)";
        }
    }

    /** An unsigned LEB128 of at most 5 bytes, or -1 when malformed. */
    private static long leb(RandomAccessFile in) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        return -1;
    }
}

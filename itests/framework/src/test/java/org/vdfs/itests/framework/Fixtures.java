package org.vdfs.itests.framework;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Guest modules for the tests: the Rust test extension from its jar, WAT fixtures compiled here. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] testExtensionWasm() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/extensions/test-extension.wasm")) {
            if (in == null) {
                throw new IllegalStateException("test-extension.wasm is not on the class path; build extensions/test-extension");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test extension's archive, as spacedrive-pack wrote it (manifest.json, the module). */
    public static byte[] testExtensionArchive() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/extensions/test-extension.zip")) {
            if (in == null) {
                throw new IllegalStateException("test-extension.zip is not on the class path; build extensions/test-extension");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest the test extension embeds (its spacedrive.manifest section). */
    public static byte[] testExtensionManifest() {
        return sectionOf(testExtensionWasm(), "spacedrive.manifest");
    }

    public static byte[] sectionOf(byte[] wasm, String name) {
        int[] pos = { 8 };
        while (pos[0] < wasm.length) {
            int id = wasm[pos[0]++] & 0xff;
            int size = leb(wasm, pos);
            int end = pos[0] + size;
            if (id == 0) {
                int nameLen = leb(wasm, pos);
                if (new String(wasm, pos[0], nameLen, StandardCharsets.UTF_8).equals(name)) {
                    return Arrays.copyOfRange(wasm, pos[0] + nameLen, end);
                }
            }
            pos[0] = end;
        }
        throw new IllegalStateException("no custom section " + name);
    }

    private static int leb(byte[] b, int[] pos) {
        int result = 0;
        for (int shift = 0;; shift += 7) {
            int x = b[pos[0]++] & 0xff;
            result |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
    }

    public static byte[] wat(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wat/" + name + ".wat")) {
            return Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A manifest for a WAT fixture. */
    public static String manifest(String id, String methods, String extra) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"version\":\"1.0.0\",\"permissions\":{\"methods\":["
                + methods + "]" + (extra.isEmpty() ? "" : "," + extra) + "}}";
    }

    /** Form 1: the manifest embedded as the spacedrive.manifest custom section. */
    public static Path embedded(Path dir, String file, byte[] wasm, String manifest) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(file), withSection(wasm, "spacedrive.manifest",
                manifest.getBytes(StandardCharsets.UTF_8)));
    }

    /** Form 2: the module with manifest.json beside it; returns the module's path. */
    public static Path beside(Path dir, String file, byte[] wasm, String manifest) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.json"), manifest);
        return Files.write(dir.resolve(file), wasm);
    }

    /** Form 3: a zip archive. */
    public static Path archive(Path file, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Appends a custom section: id 0, size, name, payload. */
    public static byte[] withSection(byte[] wasm, String name, byte[] payload) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        leb(body, n.length);
        body.writeBytes(n);
        body.writeBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(wasm);
        out.write(0);
        leb(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

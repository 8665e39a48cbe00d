package org.vdfs.deploy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Extension packages for tests, written byte by byte (the deployer never runs the module). */
final class Packages {

    static final String MANIFEST = """
            {"id": "photos", "name": "Photos", "version": "1.2.0",
             "permissions": {"methods": ["vdfs.query_", "ai."]}}""";

    /** An empty module (type section with no types) plus the manifest as a custom section. */
    static byte[] wasmWithManifest(String manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { 0, 'a', 's', 'm', 1, 0, 0, 0 });
        section(out, 1, new byte[] { 0 });
        byte[] name = DroppedPackage.MANIFEST_SECTION.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        leb(body, name.length);
        body.writeBytes(name);
        body.writeBytes(manifest.getBytes(StandardCharsets.UTF_8));
        section(out, 0, body.toByteArray());
        return out.toByteArray();
    }

    static byte[] wasmWithoutManifest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { 0, 'a', 's', 'm', 1, 0, 0, 0 });
        section(out, 1, new byte[] { 0 });
        return out.toByteArray();
    }

    static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.ISO_8859_1));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] body) {
        out.write(id);
        leb(out, body.length);
        out.writeBytes(body);
    }

    private static void leb(OutputStream out, int value) {
        try {
            do {
                int b = value & 0x7f;
                value >>>= 7;
                out.write(value == 0 ? b : b | 0x80);
            } while (value != 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Packages() {
    }
}

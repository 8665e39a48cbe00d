package org.vdfs.wasm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.ExtensionException;

class ExtensionPackageTest {

    private static final byte[] MODULE = Wasm.wat(Wasm.MINIMAL);
    private static final String MANIFEST = "{\"id\": \"photos\", \"version\": \"1.0.0\"}";

    @TempDir
    Path dir;

    private Path write(String relative, byte[] bytes) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    private Path write(String relative, String text) throws IOException {
        return write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path zip(String relative, Map<String, byte[]> entries) throws IOException {
        Path p = dir.resolve(relative);
        try (OutputStream file = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return p;
    }

    private static String refusal(Path path) {
        return assertThrows(ExtensionException.class, () -> ExtensionPackage.read(path)).getMessage();
    }

    @Test
    void readsAModuleWithAnEmbeddedManifest() throws Exception {
        byte[] module = Wasm.withCustomSection(MODULE, ExtensionPackage.MANIFEST_SECTION, MANIFEST);
        ExtensionPackage pkg = ExtensionPackage.read(write("embedded/photos.wasm", module));
        assertEquals("photos", pkg.manifest().id());
        assertEquals("photos.wasm", pkg.wasmName());
        assertArrayEquals(module, pkg.wasm());
        assertEquals(Set.of("photos.wasm"), pkg.files().keySet());
    }

    @Test
    void readsAModuleWithTheManifestBesideIt() throws Exception {
        Path wasm = write("beside/photos.wasm", MODULE);
        write("beside/manifest.json", MANIFEST);
        write("beside/notes.txt", "not part of the package");
        ExtensionPackage pkg = ExtensionPackage.read(wasm);
        assertEquals("photos", pkg.manifest().id());
        assertEquals("photos.wasm", pkg.wasmName());
        assertEquals(Set.of("photos.wasm", "manifest.json"), pkg.files().keySet());
    }

    @Test
    void readsAFolderHoldingManifestModuleAndAssets() throws Exception {
        write("folder/photos.wasm", MODULE);
        write("folder/manifest.json", MANIFEST);
        write("folder/assets/icon.svg", "<svg/>");
        ExtensionPackage pkg = ExtensionPackage.read(dir.resolve("folder"));
        assertEquals("photos", pkg.manifest().id());
        assertArrayEquals(MODULE, pkg.wasm());
        assertEquals(Set.of("photos.wasm", "manifest.json", "assets/icon.svg"), pkg.files().keySet());
    }

    @Test
    void readsAZipArchive() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("manifest.json", MANIFEST.getBytes(StandardCharsets.UTF_8));
        entries.put("migrations/", new byte[0]);
        entries.put("migrations/001.sql", "create table t(x);".getBytes(StandardCharsets.UTF_8));
        entries.put("photos.wasm", MODULE);
        ExtensionPackage pkg = ExtensionPackage.read(zip("photos.zip", entries));
        assertEquals("photos", pkg.manifest().id());
        assertEquals("photos.wasm", pkg.wasmName());
        assertArrayEquals(MODULE, pkg.wasm());
        assertEquals(Set.of("manifest.json", "migrations/001.sql", "photos.wasm"), pkg.files().keySet());
    }

    @Test
    void wasmFileNamesTheModuleAmongSeveral() throws Exception {
        write("two/a.wasm", MODULE);
        write("two/b.wasm", MODULE);
        write("two/manifest.json", "{\"id\": \"photos\", \"version\": \"1.0.0\", \"wasm_file\": \"b.wasm\"}");
        assertEquals("b.wasm", ExtensionPackage.read(dir.resolve("two")).wasmName());
    }

    @Test
    void wasmFileMissingFromThePackageIsRefusedByName() throws Exception {
        write("missing/photos.wasm", MODULE);
        write("missing/manifest.json", "{\"id\": \"photos\", \"version\": \"1.0.0\", \"wasm_file\": \"gone.wasm\"}");
        String message = refusal(dir.resolve("missing"));
        assertTrue(message.contains("wasm_file") && message.contains("gone.wasm"), message);
    }

    @Test
    void zipEntryClimbingOutIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("manifest.json", MANIFEST.getBytes(StandardCharsets.UTF_8));
        entries.put("photos.wasm", MODULE);
        entries.put("assets/../../evil.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8));
        String message = refusal(zip("evil.zip", entries));
        assertTrue(message.contains("unsafe path") && message.contains("evil.sh"), message);
    }

    @Test
    void zipEntryWithAnAbsolutePathIsRefused() throws Exception {
        String message = refusal(zip("abs.zip", Map.of("/etc/passwd", new byte[1])));
        assertTrue(message.contains("/etc/passwd"), message);
    }

    @Test
    void twoModulesWithoutAManifestAreRefused() throws Exception {
        write("ambiguous/a.wasm", MODULE);
        write("ambiguous/b.wasm", MODULE);
        String message = refusal(dir.resolve("ambiguous"));
        assertTrue(message.contains("exactly one") && message.contains("a.wasm") && message.contains("b.wasm"), message);
    }

    @Test
    void moduleWithoutAnyManifestIsRefused() throws Exception {
        String message = refusal(write("bare/photos.wasm", MODULE));
        assertTrue(message.contains(ExtensionPackage.MANIFEST_SECTION), message);
    }

    @Test
    void nestedModuleDoesNotCount() throws Exception {
        write("nested/lib/photos.wasm", MODULE);
        write("nested/manifest.json", MANIFEST);
        assertTrue(refusal(dir.resolve("nested")).contains("found none"));
    }

    @Test
    void fileThatIsNoPackageIsRefused() throws Exception {
        assertTrue(refusal(write("readme.txt", "hello")).contains("neither"));
        assertTrue(refusal(dir.resolve("nowhere.wasm")).contains("no extension package"));
    }

    @Test
    void invalidManifestIsRefusedWithWhereItCameFrom() throws Exception {
        byte[] module = Wasm.withCustomSection(MODULE, ExtensionPackage.MANIFEST_SECTION, "{\"version\": \"1.0.0\"}");
        String message = refusal(write("noid/photos.wasm", module));
        assertTrue(message.contains("`id` is missing") && message.contains(ExtensionPackage.MANIFEST_SECTION), message);
    }
}

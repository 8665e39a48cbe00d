package org.vdfs.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionUrlHandlerTest {

    @TempDir
    Path dir;

    /** What the OSGi URL handlers service does in a framework: route sdext: to our service. */
    private static URL sdext(String inner) throws IOException {
        ExtensionUrlHandler service = new ExtensionUrlHandler();
        return new URL(null, "sdext:" + inner, new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return service.openConnection(u);
            }
        });
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    private static List<String> entries(byte[] jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static Manifest manifest(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            return in.getManifest();
        }
    }

    @Test
    void aWasmBecomesABundleNamedAfterTheExtension() throws IOException {
        Path wasm = Packages.write(dir, "photos.wasm", Packages.wasmWithManifest(Packages.MANIFEST));
        byte[] jar = read(sdext(wasm.toUri().toString()));

        List<String> names = entries(jar);
        assertEquals("META-INF/MANIFEST.MF", names.get(0), "the manifest must come first: " + names);
        assertTrue(names.contains("extension/photos.wasm"), names.toString());
        Manifest m = manifest(jar);
        assertNotNull(m, "JarInputStream finds the manifest");
        assertEquals("photos", m.getMainAttributes().getValue("Bundle-SymbolicName"));
        assertEquals("1.2.0", m.getMainAttributes().getValue("Bundle-Version"));
        assertEquals("extension/", m.getMainAttributes().getValue("Vdfs-Extension"));
    }

    @Test
    void aZipAndAFolderWorkToo() throws IOException {
        Path zip = Packages.write(dir, "photos.zip",
                Packages.zip("manifest.json", Packages.MANIFEST, "photos.wasm", "\0asm\1\0\0\0"));
        assertEquals("photos", manifest(read(sdext(zip.toUri().toString()))).getMainAttributes()
                .getValue("Bundle-SymbolicName"));

        Path folder = Files.createDirectory(dir.resolve("folder"));
        Packages.write(folder, "manifest.json", Packages.MANIFEST.getBytes());
        Packages.write(folder, "module.wasm", Packages.wasmWithoutManifest());
        byte[] jar = read(sdext(folder.toUri().toString()));
        assertEquals("META-INF/MANIFEST.MF", entries(jar).get(0));
        assertTrue(entries(jar).contains("extension/module.wasm"), entries(jar).toString());
    }

    @Test
    void aBrokenPackageFailsWithTheRuntimesReason() throws IOException {
        Path wasm = Packages.write(dir, "plain.wasm", Packages.wasmWithoutManifest());
        IOException e = assertThrows(IOException.class, () -> read(sdext(wasm.toUri().toString())));
        assertTrue(e.getMessage().contains("has no manifest"), e.getMessage());

        IOException missing = assertThrows(IOException.class, () -> read(sdext("")));
        assertTrue(missing.getMessage().contains("names no package"), missing.getMessage());
    }
}

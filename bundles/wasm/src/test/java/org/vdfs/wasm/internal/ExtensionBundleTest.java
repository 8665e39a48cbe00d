package org.vdfs.wasm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionManifest;
import org.vdfs.api.extension.ExtensionRegistry;

class ExtensionBundleTest {

    private static final byte[] MODULE = Wasm.wat(Wasm.MINIMAL);

    private static ExtensionPackage pkg(String manifest) throws ExtensionException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        files.put("photos.wasm", MODULE);
        files.put("assets/icon.svg", "<svg/>".getBytes(StandardCharsets.UTF_8));
        return ExtensionPackage.fromFiles(files, "test");
    }

    private static Attributes headers(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            return in.getManifest().getMainAttributes();
        }
    }

    private static Map<String, byte[]> entries(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void osgiVersionPadsMissingParts() {
        assertEquals("1.2.3", ExtensionBundle.osgiVersion("1.2.3"));
        assertEquals("1.2.0", ExtensionBundle.osgiVersion("1.2"));
        assertEquals("1.0.0", ExtensionBundle.osgiVersion("1"));
    }

    @Test
    void osgiVersionTurnsAPreReleaseIntoAQualifier() {
        assertEquals("1.0.0.beta_1", ExtensionBundle.osgiVersion("1.0.0-beta.1"));
        assertEquals("2.1.0.rc1", ExtensionBundle.osgiVersion("2.1-rc1"));
        assertEquals("1.0.0.beta_build_7", ExtensionBundle.osgiVersion("1.0.0-beta+build.7"));
    }

    @Test
    void osgiVersionKeepsAnUnparseableVersionAsAQualifier() {
        String v = ExtensionBundle.osgiVersion("weird version");
        assertTrue(v.startsWith("0.0.0."), v);
        assertDoesNotThrow(() -> Version.parseVersion(v));
    }

    @Test
    void osgiVersionAlwaysParsesAsAnOsgiVersion() {
        for (String v : new String[] { "1.2.3", "0.1", "1.0.0-beta.1", "3.0.0-", "1.0.0+sha.5114f85", "10.20.30.40",
                "v1.0", "1.0.0-ünïcode" }) {
            String osgi = ExtensionBundle.osgiVersion(v);
            assertDoesNotThrow(() -> Version.parseVersion(osgi), v + " → " + osgi);
        }
    }

    /** OSGi version numbers are ints: a manifest version beyond that is refused by name, not by an OSGi error. */
    @Test
    void manifestVersionTooLargeForOsgiIsRefusedByName() {
        ExtensionException e = assertThrows(ExtensionException.class,
                () -> pkg("{\"id\": \"photos\", \"version\": \"2026010112345.0.0\"}"));
        assertTrue(e.getMessage().contains("`version`"), e.getMessage());
    }

    @Test
    void manifestIsTheFirstEntry() throws Exception {
        byte[] jar = ExtensionBundle.build(pkg("{\"id\": \"photos\", \"version\": \"1.0.0\"}"));
        assertEquals("META-INF/MANIFEST.MF", entries(jar).keySet().iterator().next());
    }

    @Test
    void headersNameTheExtension() throws Exception {
        Attributes h = headers(ExtensionBundle.build(pkg(
                "{\"id\": \"photos\", \"name\": \"Photos\", \"version\": \"1.2-beta\", \"description\": \"Faces\"}")));
        assertEquals("2", h.getValue("Bundle-ManifestVersion"));
        assertEquals("photos", h.getValue("Bundle-SymbolicName"));
        assertEquals("1.2.0.beta", h.getValue("Bundle-Version"));
        assertEquals("Photos", h.getValue("Bundle-Name"));
        assertEquals("Faces", h.getValue("Bundle-Description"));
        assertEquals("extension/", h.getValue(ExtensionRegistry.EXTENSION_HEADER));
        assertTrue(h.getValue("Require-Capability").contains("osgi.extender=org.vdfs.extension"));
    }

    @Test
    void emptyDescriptionIsLeftOut() throws Exception {
        assertNull(headers(ExtensionBundle.build(pkg("{\"id\": \"photos\", \"version\": \"1.0.0\"}")))
                .getValue("Bundle-Description"));
    }

    @Test
    void everyPackageFileIsCarriedUnchangedUnderTheFolder() throws Exception {
        ExtensionPackage pkg = pkg("{\"id\": \"photos\", \"version\": \"1.0.0\"}");
        Map<String, byte[]> entries = entries(ExtensionBundle.build(pkg));
        assertEquals(pkg.files().size() + 1, entries.size());
        for (Map.Entry<String, byte[]> f : pkg.files().entrySet()) {
            assertArrayEquals(f.getValue(), entries.get("extension/" + f.getKey()), f.getKey());
        }
    }

    /**
     * Name and description come from an untrusted package: a line break in them
     * must not let the package write bundle headers of its own (an activator,
     * a class path, a fragment host...).
     */
    @Test
    void lineBreaksInNameOrDescriptionCannotInjectHeaders() throws Exception {
        ExtensionException refused = assertThrows(ExtensionException.class, () -> pkg("""
                {"id": "photos", "version": "1.0.0", "name": "Photos\\r\\nBundle-Activator: evil.Activator"}
                """));
        assertTrue(refused.getMessage().contains("`name` must not hold control characters"), refused.getMessage());

        // and should a manifest get past the parser, the bundle writer still neutralises it
        ExtensionPackage ok = pkg("{\"id\": \"photos\", \"version\": \"1.0.0\"}");
        ExtensionManifest m = ok.manifest();
        ExtensionManifest evil = new ExtensionManifest(m.id(), "Photos\r\nBundle-Activator: evil.Activator",
                m.version(), "Faces\nBundle-ClassPath: extension/e.jar", m.author(), m.homepage(), m.wasmFile(),
                m.minCoreVersion(), m.permissions(), m.configSchema(), m.raw());
        Attributes h = headers(ExtensionBundle.build(new ExtensionPackage(evil, ok.wasmName(), ok.wasm(), ok.files())));
        assertEquals("photos", h.getValue("Bundle-SymbolicName"));
        assertNull(h.getValue("Bundle-Activator"), "header injected through `name`");
        assertNull(h.getValue("Bundle-ClassPath"), "header injected through `description`");
    }
}

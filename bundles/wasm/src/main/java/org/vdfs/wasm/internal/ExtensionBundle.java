package org.vdfs.wasm.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vdfs.api.extension.ExtensionManifest;
import org.vdfs.api.extension.ExtensionRegistry;

/**
 * Wraps an extension package into an OSGi bundle, so that the framework's
 * ordinary lifecycle installs, upgrades ({@code update}) and removes it. The
 * bundle carries the package unchanged under {@value #FOLDER}.
 */
public final class ExtensionBundle {

    static final String FOLDER = "extension/";
    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:[-.+](.*))?");

    private ExtensionBundle() {
    }

    public static byte[] build(ExtensionPackage pkg) {
        ExtensionManifest m = pkg.manifest();
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", m.id());
        a.putValue("Bundle-Version", osgiVersion(m.version()));
        a.putValue("Bundle-Name", headerValue(m.name()));
        if (!m.description().isEmpty()) {
            a.putValue("Bundle-Description", headerValue(m.description()));
        }
        a.putValue(ExtensionRegistry.EXTENSION_HEADER, FOLDER);
        // Resolves only where an extension runtime is present.
        a.putValue("Require-Capability",
                "osgi.extender;filter:=\"(&(osgi.extender=org.vdfs.extension)(version>=1.0)(!(version>=2.0)))\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // JarOutputStream writes the manifest first, where JarInputStream-based readers expect it.
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> f : pkg.files().entrySet()) {
                jar.putNextEntry(new JarEntry(FOLDER + f.getKey()));
                jar.write(f.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Manifest text is untrusted: a line break in it would start a header of
     * its own (a Bundle-Activator is Java code outside the sandbox).
     */
    static String headerValue(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    /** "1.2.3-beta.1" → "1.2.3.beta_1": OSGi versions allow only [A-Za-z0-9_-] in the qualifier. */
    static String osgiVersion(String version) {
        Matcher v = VERSION.matcher(version.trim());
        if (!v.matches()) {
            return "0.0.0." + version.replaceAll("[^A-Za-z0-9_-]", "_");
        }
        String s = v.group(1) + "." + (v.group(2) == null ? "0" : v.group(2)) + "." + (v.group(3) == null ? "0" : v.group(3));
        return v.group(4) == null || v.group(4).isEmpty() ? s : s + "." + v.group(4).replaceAll("[^A-Za-z0-9_-]", "_");
    }
}

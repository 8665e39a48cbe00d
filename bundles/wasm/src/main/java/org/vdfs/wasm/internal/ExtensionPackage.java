package org.vdfs.wasm.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.osgi.framework.Bundle;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionManifest;

/**
 * An extension package in any of its three forms (ABI.md): a {@code .wasm}
 * whose manifest is the {@code spacedrive.manifest} custom section; a
 * {@code .wasm} with {@code manifest.json} beside it (or a folder with both);
 * a zip archive with {@code manifest.json}, the module and optionally
 * {@code migrations/}, {@code ui_manifest.json}, {@code assets/}.
 *
 * @param manifest the manifest
 * @param wasmName the module's file name inside the package
 * @param wasm     the module's bytes
 * @param files    every file of the package by relative path (module and manifest included)
 */
public record ExtensionPackage(ExtensionManifest manifest, String wasmName, byte[] wasm, Map<String, byte[]> files) {

    static final String MANIFEST_JSON = "manifest.json";
    static final String MANIFEST_SECTION = "spacedrive.manifest";
    /** Guard against zip bombs and runaway folders: no sane extension is this large. */
    static final long MAX_PACKAGE_BYTES = 256L << 20;
    private static final byte[] WASM_MAGIC = { 0, 'a', 's', 'm' };

    /** Reads a package from a {@code .wasm} file, a folder, or a zip archive. */
    public static ExtensionPackage read(Path path) throws ExtensionException {
        if (!Files.exists(path)) {
            throw new ExtensionException("no extension package at " + path);
        }
        try {
            if (Files.isDirectory(path)) {
                return fromFiles(readFolder(path), path.toString());
            }
            byte[] bytes = Files.readAllBytes(path);
            if (startsWith(bytes, WASM_MAGIC)) {
                Map<String, byte[]> files = new LinkedHashMap<>();
                String name = path.getFileName().toString();
                files.put(name, bytes);
                Path beside = path.resolveSibling(MANIFEST_JSON);
                if (Files.isRegularFile(beside)) {
                    files.put(MANIFEST_JSON, Files.readAllBytes(beside));
                }
                return fromFiles(files, path.toString());
            }
            if (startsWith(bytes, new byte[] { 'P', 'K', 3, 4 })) {
                return fromFiles(unzip(bytes, path.toString()), path.toString());
            }
            throw new ExtensionException(path + " is neither a WebAssembly module, a zip archive nor a folder");
        } catch (IOException e) {
            throw new ExtensionException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads what the runtime needs of the package an extension bundle carries
     * (under the folder its header names): the manifest and the module, not
     * the migrations and assets beside them.
     */
    static ExtensionPackage read(Bundle bundle, String folder) throws ExtensionException {
        return read(bundle, folder, false);
    }

    /** Reads the whole package an extension bundle carries, e.g. to wrap it into a bundle again. */
    static ExtensionPackage readAll(Bundle bundle, String folder) throws ExtensionException {
        return read(bundle, folder, true);
    }

    private static ExtensionPackage read(Bundle bundle, String folder, boolean everything) throws ExtensionException {
        String root = folder.endsWith("/") ? folder : folder + "/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        Enumeration<URL> entries = bundle.findEntries(root, "*", true);
        for (URL url : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String rel = url.getPath().substring(url.getPath().indexOf(root) + root.length());
            if (rel.isEmpty() || rel.endsWith("/")
                    || (!everything && !rel.equals(MANIFEST_JSON) && !rel.endsWith(".wasm"))) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                files.put(rel, in.readAllBytes());
            } catch (IOException e) {
                throw new ExtensionException("cannot read " + rel + " from bundle " + bundle.getSymbolicName(), e);
            }
        }
        return fromFiles(files, "bundle " + bundle.getSymbolicName() + " (" + root + ")");
    }

    static ExtensionPackage fromFiles(Map<String, byte[]> files, String where) throws ExtensionException {
        byte[] manifestJson = files.get(MANIFEST_JSON);
        if (manifestJson != null) {
            ExtensionManifest manifest = ManifestParser.parse(manifestJson, where);
            String wasmName = manifest.wasmFile() != null ? manifest.wasmFile() : onlyWasm(files, where);
            byte[] wasm = files.get(wasmName);
            if (wasm == null) {
                throw new ExtensionException("the manifest in " + where + " names wasm_file \"" + wasmName
                        + "\", which is not in the package (it holds: " + String.join(", ", files.keySet()) + ")");
            }
            return new ExtensionPackage(manifest, wasmName, wasm, files);
        }
        String wasmName = onlyWasm(files, where);
        byte[] section = CustomSections.find(files.get(wasmName), MANIFEST_SECTION);
        if (section == null) {
            throw new ExtensionException(where + " has no manifest: give a manifest.json beside the module, or embed it"
                    + " as a custom section named \"" + MANIFEST_SECTION + "\"");
        }
        return new ExtensionPackage(ManifestParser.parse(section, where + " (section " + MANIFEST_SECTION + ")"),
                wasmName, files.get(wasmName), files);
    }

    private static String onlyWasm(Map<String, byte[]> files, String where) throws ExtensionException {
        List<String> modules = files.keySet().stream().filter(n -> n.endsWith(".wasm") && !n.contains("/")).toList();
        if (modules.size() != 1) {
            throw new ExtensionException(where + " must hold exactly one .wasm module at its top level, found "
                    + (modules.isEmpty() ? "none" : String.join(", ", modules)));
        }
        return modules.get(0);
    }

    private static Map<String, byte[]> readFolder(Path dir) throws IOException, ExtensionException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                    if (total > MAX_PACKAGE_BYTES) {
                        throw new ExtensionException(dir + " is larger than " + (MAX_PACKAGE_BYTES >> 20) + " MiB");
                    }
                    files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    private static Map<String, byte[]> unzip(byte[] zip, String where) throws IOException, ExtensionException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
                    throw new ExtensionException(where + " holds an unsafe path: " + name);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0;) {
                    total += n;
                    if (total > MAX_PACKAGE_BYTES) {
                        throw new ExtensionException(where + " unpacks to more than " + (MAX_PACKAGE_BYTES >> 20) + " MiB");
                    }
                    out.write(buf, 0, n);
                }
                files.put(name, out.toByteArray());
            }
        }
        if (files.isEmpty()) {
            throw new ExtensionException(where + " is an empty or damaged zip archive");
        }
        return files;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

package org.vdfs.deploy.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An extension package as a local path. A plain path or a {@code file:} URL is
 * used where it lies (so it may be a folder, or a {@code .wasm} with its
 * {@code manifest.json} beside it); any other URL ({@code http:}, {@code mvn:}...)
 * is downloaded into a temporary folder, which {@link #close()} deletes.
 */
public final class LocalPackage implements AutoCloseable {

    /** No sane extension is larger; the runtime refuses bigger packages anyway. */
    public static final long MAX_DOWNLOAD_BYTES = 256L << 20;
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");
    private static final byte[] WASM_MAGIC = { 0, 'a', 's', 'm' };

    private final Path path;
    private final Path temporaryFolder;

    private LocalPackage(Path path, Path temporaryFolder) {
        this.path = path;
        this.temporaryFolder = temporaryFolder;
    }

    /**
     * @param urlOrPath a file system path, or a URL any installed handler can open
     * @throws IOException when the URL cannot be read; the message names it
     */
    public static LocalPackage open(String urlOrPath) throws IOException {
        String text = urlOrPath.trim();
        // "C:\x" is a path, not a URL with scheme "C"
        if (!SCHEME.matcher(text).matches()) {
            return new LocalPackage(path(text), null);
        }
        URL url;
        try {
            url = new URL(text);
        } catch (MalformedURLException e) {
            throw new IOException("`" + text + "` is neither a path nor a URL this container can open ("
                    + e.getMessage() + ")", e);
        }
        if ("file".equals(url.getProtocol())) {
            return new LocalPackage(fileOf(url), null);
        }
        return download(url);
    }

    /** Where the package lies now. */
    public Path path() {
        return path;
    }

    /** Deletes the downloaded copy, if there is one. */
    @Override
    public void close() {
        if (temporaryFolder == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(temporaryFolder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            temporaryFolder.toFile().deleteOnExit();
        }
    }

    private static Path path(String text) throws IOException {
        try {
            return Paths.get(text).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IOException("`" + text + "` is not a path here: " + e.getMessage(), e);
        }
    }

    private static Path fileOf(URL url) throws IOException {
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            // file:relative/path is opaque; take it as written
            return path(url.getPath());
        }
    }

    private static LocalPackage download(URL url) throws IOException {
        Path folder = Files.createTempDirectory("vdfs-package-");
        Path file = folder.resolve("package");
        try {
            try (InputStream in = url.openStream(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buffer)) > 0;) {
                    total += n;
                    if (total > MAX_DOWNLOAD_BYTES) {
                        throw new IOException("it is larger than " + (MAX_DOWNLOAD_BYTES >> 20)
                                + " MiB; no extension package is that large");
                    }
                    out.write(buffer, 0, n);
                }
            }
            // The module keeps its name inside the bundle, and the runtime looks for "*.wasm".
            Path named = Files.move(file, folder.resolve(fileName(url, isWasm(file))));
            return new LocalPackage(named, folder);
        } catch (IOException e) {
            new LocalPackage(file, folder).close();
            throw new IOException("cannot download " + url + ": " + e.getMessage(), e);
        }
    }

    private static boolean isWasm(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && Arrays.equals(head, WASM_MAGIC);
        }
    }

    /** The URL's last segment made safe as a file name, ending in ".wasm" for a module. */
    static String fileName(URL url, boolean wasm) {
        String path = url.getPath() == null ? "" : url.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (last.isEmpty() || last.startsWith(".")) {
            last = "extension" + last;
        }
        if (wasm && !last.endsWith(".wasm")) {
            last = last + ".wasm";
        }
        return last;
    }
}

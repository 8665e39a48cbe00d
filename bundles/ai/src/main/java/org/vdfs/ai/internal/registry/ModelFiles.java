package org.vdfs.ai.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.vdfs.api.ai.AiException;

/**
 * Model files in the data directory. A file arrives in a temporary file beside
 * its final place, is hashed as it is written, and is moved into place only
 * when its SHA-256 is the expected one: a wrong or truncated download never
 * becomes a model, and nothing of it stays behind.
 */
final class ModelFiles {

    private final Path root;
    private final HttpClient http;
    private final Duration timeout;
    private final long maxBytes;

    ModelFiles(Path root, Duration timeout, long maxBytes) {
        this.root = root;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** {@code <root>/<owner>/<category>/<name><ext>}; every part was checked to be a plain name. */
    Path target(String owner, String category, String name, String extension) {
        return root.resolve(owner).resolve(category).resolve(name + extension);
    }

    /** Downloads into {@code target}, refusing a file whose SHA-256 is not {@code sha256}. */
    String download(URI url, String sha256, Path target) throws AiException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new AiException("invalid_input", "a model download needs an http(s) URL, got " + url);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new AiException("timeout", "downloading " + url + " took longer than " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw new AiException("provider_unavailable", "cannot download " + url + ": nothing answers there", e);
        } catch (IOException e) {
            throw new AiException("provider_unavailable", "cannot download " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiException("timeout", "interrupted while downloading " + url);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new AiException("provider_unavailable", "downloading " + url + " failed: HTTP " + response.statusCode());
            }
            return store(in, sha256, target, url.toString());
        } catch (IOException e) {
            throw new AiException("provider_unavailable", "downloading " + url + " failed: " + e, e);
        }
    }

    /** Copies bytes from {@code in} into {@code target} through the same verify-then-move path. */
    String store(InputStream in, String expectedSha256, Path target, String what) throws AiException {
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0;) {
                    total += n;
                    if (total > maxBytes) {
                        throw new AiException("invalid_input", what + " is larger than " + (maxBytes >> 20) + " MiB");
                    }
                    out.write(buf, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (expectedSha256 != null && !actual.equalsIgnoreCase(expectedSha256.trim())) {
                throw new AiException("integrity", what + " has SHA-256 " + actual + ", not the expected "
                        + expectedSha256.trim() + "; it was not kept");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return actual;
        } catch (IOException e) {
            throw new AiException("internal", "cannot store " + what + " at " + target + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a leftover .part file is never read as a model
                }
            }
        }
    }

    /** The SHA-256 of a file, for listings of path-sourced models. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.vdfs.api.ai;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/** Where a registered model comes from ({@code models.register}). */
public sealed interface ModelSource {

    /** Downloaded once into the data directory; used only when the file's SHA-256 matches. */
    record Download(URI url, String sha256) implements ModelSource {
        public Download {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** A file already on this machine, used in place. */
    record LocalPath(Path path) implements ModelSource {
        public LocalPath {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A model an HTTP provider serves under its own id ({@code provider} is an {@link AiProvider#id()}). */
    record Remote(String provider, String model) implements ModelSource {
        public Remote {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
        }
    }

    /** Bytes shipped in an extension's package, copied into the data directory. */
    record Bundled(String fileName, byte[] content) implements ModelSource {
        public Bundled {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(content, "content");
        }
    }
}

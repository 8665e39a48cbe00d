package org.vdfs.api.ai;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A model a provider can run.
 *
 * @param name     registry name, unique per category ({@code "minilm-l6-v2"}, {@code "photos_v1"})
 * @param category one of {@link AiCategories} or a provider's own
 * @param provider the {@link AiProvider#id()} that runs it
 * @param local    true when it runs on this machine without network
 * @param file     the model file on disk when the provider loads one (downloaded or bundled), else null
 * @param details  facts for listings: dimension, languages, remote model id, size; never secrets
 */
public record AiModel(String name, String category, String provider, boolean local, Path file,
        Map<String, Object> details) {

    public AiModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(provider, "provider");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** {@code category:name}, the form {@code ai.from_registered("face_detection:photos_v1")} uses. */
    public String qualifiedName() {
        return category + ":" + name;
    }
}

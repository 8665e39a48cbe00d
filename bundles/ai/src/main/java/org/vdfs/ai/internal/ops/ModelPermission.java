package org.vdfs.ai.internal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.vdfs.api.ai.AiRegistry.Preference;

/**
 * The seeds' {@code UseModel(category, preference)}: the manifest's
 * {@code permissions.models}, entries {@code {"category": "ocr", "preference":
 * "local"}} or a bare category string (preference {@code any}).
 */
final class ModelPermission {

    private ModelPermission() {
    }

    /** The preference the manifest grants for a category, or empty when it grants none. */
    static Optional<Preference> granted(JsonNode manifest, String category) {
        for (JsonNode item : manifest.path("permissions").path("models")) {
            String c = item.isTextual() ? item.asText() : item.path("category").asText("");
            if (c.equals(category) || c.equals("*")) {
                try {
                    return Optional.of(Preference.parse(item.path("preference").asText(null)));
                } catch (IllegalArgumentException e) {
                    return Optional.empty(); // an unreadable preference grants nothing
                }
            }
        }
        return Optional.empty();
    }
}

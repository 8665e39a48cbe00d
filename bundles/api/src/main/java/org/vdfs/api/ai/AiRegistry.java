package org.vdfs.api.ai;

import java.util.List;
import java.util.Optional;

/**
 * The registry of models by category: what the {@code ai.*} operations and
 * Java callers use. Resolves a model by name ({@code category:name}) or, given
 * only a category, the best one under the local/remote preference.
 */
public interface AiRegistry {

    /** Where a caller wants its model to run. */
    enum Preference {
        LOCAL, REMOTE, ANY;

        public static Preference parse(String s) {
            return s == null || s.isBlank() ? ANY : valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Every model of every provider and every registered model. */
    List<AiModel> models();

    /**
     * @param category  e.g. {@code ocr}
     * @param name      a model name, {@code category:name}, or null for the category's default
     * @param preference local/remote; {@link Preference#ANY} defers to the user's configured preference
     */
    Optional<AiModel> resolve(String category, String name, Preference preference);
}

package org.vdfs.api.ai;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry of models by category: what the {@code ai.*} operations and
 * Java callers use. Resolves a model by name ({@code category:name}) or, given
 * only a category, the best one under the local/remote preference.
 *
 * <p>Models come from providers (every model a provider lists) and from
 * registrations ({@link #register}). Registered models belong to an owner, an
 * extension id or {@link #HOST} for the user and Java callers: names are per
 * owner, and an owner resolves only its own registered models (plus every
 * provider's). The methods without an owner act for {@link #HOST}.
 */
@ProviderType
public interface AiRegistry {

    /** The owner of models registered by the user, the shell and Java code. */
    String HOST = "host";

    /** Where a caller wants its model to run. */
    enum Preference {
        LOCAL, REMOTE, ANY;

        public static Preference parse(String s) {
            return s == null || s.isBlank() ? ANY : valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Every model of every provider and every model registered by the host. */
    default List<AiModel> models() {
        return models(HOST);
    }

    /** Every model of every provider and every model the owner registered. */
    List<AiModel> models(String owner);

    /**
     * @param category  e.g. {@code ocr}
     * @param name      a model name, {@code category:name}, or null for the category's default
     * @param preference local/remote; {@link Preference#ANY} defers to the user's configured preference
     */
    default Optional<AiModel> resolve(String category, String name, Preference preference) {
        return resolve(HOST, category, name, preference);
    }

    /**
     * Resolves for an owner: its registered models first, then the providers'. A
     * caller's {@code LOCAL}/{@code REMOTE} and the user's configured preference both
     * restrict; with neither, local models come first.
     */
    Optional<AiModel> resolve(String owner, String category, String name, Preference preference);

    /**
     * The provider that runs a resolved model, under one capability.
     *
     * @return empty when the provider has gone or lacks the capability
     */
    <T extends AiProvider> Optional<T> provider(AiModel model, Class<T> capability);

    /**
     * Registers a model for an owner, replacing its earlier registration of the same
     * category and name. A download is fetched and verified before this returns.
     *
     * @throws AiException {@code integrity} when a download's SHA-256 does not match (nothing is
     *                     kept), {@code invalid_input} for a bad name or source,
     *                     {@code provider_unavailable} when a download fails
     */
    AiModel register(String owner, String name, String category, ModelSource source) throws AiException;

    /** Removes a registration and the file the registry stored for it. */
    boolean unregister(String owner, String category, String name) throws AiException;
}

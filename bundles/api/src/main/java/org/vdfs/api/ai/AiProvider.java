package org.vdfs.api.ai;

import java.util.List;

/**
 * What every provider is. Register a provider as an OSGi service under each
 * capability interface it implements; the registry tracks them (whiteboard),
 * so a new provider bundle adds models without touching the registry.
 */
public interface AiProvider {

    /** Stable id, e.g. {@code tesseract}, {@code onnx}, {@code ollama}, {@code openai}. */
    String id();

    /** True when the provider runs on this machine without network. */
    boolean local();

    /**
     * The models this provider can run now. Called on listings and (at most every
     * few seconds) when calls are resolved: keep it cheap.
     */
    List<AiModel> models();

    /**
     * True when the provider runs model files registered with the registry (a
     * download, a bundled file, a path): it then loads {@link AiModel#file()} of
     * the model it is given, once, and shares it. Registered files resolve only to
     * such providers.
     */
    default boolean runsModelFiles() {
        return false;
    }
}

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

    /** The models this provider can run now. */
    List<AiModel> models();
}

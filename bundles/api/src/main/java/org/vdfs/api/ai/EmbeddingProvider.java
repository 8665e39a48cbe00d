package org.vdfs.api.ai;

import java.util.List;

/** Text embeddings. */
public interface EmbeddingProvider extends AiProvider {

    /** One vector per text, each of the model's dimension, L2-normalised when the model's convention is so. */
    List<float[]> embed(AiModel model, List<String> texts) throws AiException;
}

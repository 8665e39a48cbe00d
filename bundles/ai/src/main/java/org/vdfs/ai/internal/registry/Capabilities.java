package org.vdfs.ai.internal.registry;

import java.util.Map;
import org.vdfs.api.ai.AiCategories;
import org.vdfs.api.ai.AiProvider;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.FaceDetectionProvider;
import org.vdfs.api.ai.OcrProvider;
import org.vdfs.api.ai.TextClassifierProvider;
import org.vdfs.api.ai.TextGenerationProvider;

/** Which capability interface serves which model category. */
public final class Capabilities {

    public static final Map<String, Class<? extends AiProvider>> BY_CATEGORY = Map.of(
            AiCategories.OCR, OcrProvider.class,
            AiCategories.EMBEDDING, EmbeddingProvider.class,
            AiCategories.FACE_DETECTION, FaceDetectionProvider.class,
            AiCategories.CLASSIFY_TEXT, TextClassifierProvider.class,
            AiCategories.LLM, TextGenerationProvider.class);

    private Capabilities() {
    }

    /** The capability of a category, or null for a category the host does not know. */
    public static Class<? extends AiProvider> of(String category) {
        return BY_CATEGORY.get(category);
    }
}

package org.vdfs.api.ai;

/** The model categories the host knows; providers may add others. */
public final class AiCategories {
    public static final String OCR = "ocr";
    public static final String EMBEDDING = "embedding";
    public static final String FACE_DETECTION = "face_detection";
    public static final String CLASSIFY_TEXT = "classify_text";
    public static final String LLM = "llm";

    private AiCategories() {
    }
}

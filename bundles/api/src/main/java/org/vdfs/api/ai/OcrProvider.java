package org.vdfs.api.ai;

import java.util.List;

/** Optical character recognition. */
public interface OcrProvider extends AiProvider {

    /**
     * @param image    encoded image bytes (PNG, JPEG, TIFF, …)
     * @param language language code(s) in the engine's form ({@code "eng"}, {@code "eng+deu"}); null for the default
     */
    OcrResult ocr(AiModel model, byte[] image, String language) throws AiException;

    /** The recognised text and one box per word. */
    record OcrResult(String text, double confidence, List<Word> words) {
        public OcrResult {
            words = List.copyOf(words);
        }
    }

    /** A word with its bounding box in image pixels. */
    record Word(String text, double confidence, int x, int y, int width, int height) {
    }
}

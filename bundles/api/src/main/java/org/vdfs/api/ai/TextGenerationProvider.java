package org.vdfs.api.ai;

import java.util.Map;

/** Text generation by a language model (category {@link AiCategories#LLM}). */
public interface TextGenerationProvider extends AiProvider {

    /**
     * @param prompt  the rendered prompt
     * @param options provider options ({@code system}, {@code temperature}, {@code max_tokens}); may be empty
     */
    String generate(AiModel model, String prompt, Map<String, Object> options) throws AiException;
}

package org.vdfs.api.ai;

import java.util.List;

/** Text classification against labels the caller gives (zero-shot). */
public interface TextClassifierProvider extends AiProvider {

    /** Every label with its score, best first; scores sum to 1. */
    List<LabelScore> classify(AiModel model, String text, List<String> labels) throws AiException;

    record LabelScore(String label, double score) {
    }
}

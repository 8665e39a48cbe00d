package org.vdfs.ai.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdfs.api.ai.AiCategories;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.TextClassifierProvider.LabelScore;

/** all-MiniLM-L6-v2 on ONNX Runtime, embeddings and zero-shot classification, on real text. */
class MiniLmProviderTest {

    private static MiniLmProvider provider;
    private static AiModel embedding;
    private static AiModel classifier;

    @BeforeAll
    static void start() {
        provider = new MiniLmProvider();
        provider.activate(Configs.of(MiniLmConfig.class, Map.of()));
        for (AiModel m : provider.models()) {
            if (m.category().equals(AiCategories.EMBEDDING)) {
                embedding = m;
            } else if (m.category().equals(AiCategories.CLASSIFY_TEXT)) {
                classifier = m;
            }
        }
    }

    @AfterAll
    static void stop() {
        provider.deactivate();
    }

    @Test
    void listsItsModels() {
        assertEquals("all-minilm-l6-v2", embedding.name());
        assertEquals(384, embedding.details().get("dimension"));
        assertEquals(90_984_153L, embedding.details().get("size_bytes"));
        assertTrue(embedding.local());
        assertEquals("all-minilm-l6-v2-zero-shot", classifier.name());
    }

    @Test
    void similarSentencesScoreHigherThanUnrelatedOnes() throws Exception {
        List<float[]> v = provider.embed(embedding, List.of(
                "A man is playing a guitar.",
                "Someone strums an acoustic guitar on stage.",
                "The central bank raised interest rates again.",
                "How do I bake sourdough bread at home?",
                "Recipe for a homemade sourdough loaf"));
        for (float[] x : v) {
            assertEquals(384, x.length);
            assertEquals(1.0, MiniLmProvider.dot(x, x), 1e-4, "unit length");
        }
        double guitar = MiniLmProvider.dot(v.get(0), v.get(1));
        double bread = MiniLmProvider.dot(v.get(3), v.get(4));
        System.out.printf("cosine: guitar/guitar %.3f, bread/bread %.3f, guitar/bank %.3f, bread/bank %.3f%n",
                guitar, bread, MiniLmProvider.dot(v.get(0), v.get(2)), MiniLmProvider.dot(v.get(3), v.get(2)));
        for (int unrelated : new int[] {2, 3, 4}) {
            assertTrue(guitar > MiniLmProvider.dot(v.get(0), v.get(unrelated)) + 0.3, "guitar vs " + unrelated);
        }
        for (int unrelated : new int[] {0, 1, 2}) {
            assertTrue(bread > MiniLmProvider.dot(v.get(3), v.get(unrelated)) + 0.3, "bread vs " + unrelated);
        }
    }

    /** The same model run by langchain4j (Hugging Face's Rust tokenizer, its own pooling) is the reference. */
    @Test
    void matchesTheReferenceImplementation() throws Exception {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        List<String> texts = List.of("The quick brown fox jumps over the lazy dog.",
                "Café déjà vu — naïve façade!", "I'm (not) sure: 1,234.56 e-mails?", "short");
        // one batch with padding (texts of different lengths) against one text at a time in the reference
        List<float[]> ours = provider.embed(embedding, texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = reference.embed(texts.get(i)).content().vector();
            double cos = MiniLmProvider.dot(ours.get(i), expected)
                    / Math.sqrt(MiniLmProvider.dot(expected, expected));
            assertTrue(cos > 0.9999, texts.get(i) + ": cosine to the reference " + cos);
        }
    }

    @Test
    void batchesOfAnySizeGiveTheSameVectors() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("sentence number " + i + (i % 3 == 0 ? " with a somewhat longer tail of words" : ""));
        }
        List<float[]> all = provider.embed(embedding, texts); // batches of 32 and 8
        assertEquals(40, all.size());
        float[] alone = provider.embed(embedding, List.of(texts.get(33))).get(0);
        assertTrue(MiniLmProvider.dot(all.get(33), alone) > 0.9999);
    }

    @Test
    void refusesBadInput() {
        assertEquals("invalid_input", assertThrows(AiException.class, () -> provider.embed(embedding, List.of())).code());
        assertEquals("invalid_input", assertThrows(AiException.class,
                () -> provider.embed(embedding, java.util.Arrays.asList("a", null))).code());
        assertEquals("invalid_input", assertThrows(AiException.class,
                () -> provider.classify(classifier, "text", List.of())).code());
        assertEquals("invalid_input", assertThrows(AiException.class,
                () -> provider.classify(classifier, "text", List.of("a", "a"))).code());
        assertEquals("invalid_input", assertThrows(AiException.class,
                () -> provider.classify(classifier, " ", List.of("a", "b"))).code());
    }

    @Test
    void classifiesTheLabelledSetZeroShot() throws Exception {
        List<String> labels = List.of("sports", "cooking", "technology", "finance");
        int right = 0;
        List<String> wrong = new ArrayList<>();
        for (String[] example : LabelledSet.EXAMPLES) {
            List<LabelScore> scores = provider.classify(classifier, example[0], labels);
            assertEquals(4, scores.size());
            assertEquals(1.0, scores.stream().mapToDouble(LabelScore::score).sum(), 1e-9);
            for (int i = 1; i < scores.size(); i++) {
                assertTrue(scores.get(i - 1).score() >= scores.get(i).score(), "best first");
            }
            if (scores.get(0).label().equals(example[1])) {
                right++;
            } else {
                wrong.add(example[0] + " -> " + scores.get(0).label() + " (expected " + example[1] + ")");
            }
        }
        double accuracy = (double) right / LabelledSet.EXAMPLES.size();
        System.out.printf("zero-shot accuracy on %d labelled texts, 4 labels: %.1f %% (%d right)%n",
                LabelledSet.EXAMPLES.size(), accuracy * 100, right);
        wrong.forEach(w -> System.out.println("  missed: " + w));
        assertTrue(accuracy >= 0.85, "accuracy " + accuracy + ", missed " + wrong);
    }
}

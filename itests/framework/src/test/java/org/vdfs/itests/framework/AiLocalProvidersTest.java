package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.vdfs.ai.local.internal.Receipt;
import org.vdfs.ai.local.internal.TestPhotos;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.FaceDetectionProvider;
import org.vdfs.api.ai.OcrProvider;
import org.vdfs.api.ai.TextClassifierProvider;

/**
 * The local AI providers as OSGi services in a real Felix framework: the
 * bundle resolves with JNA as a bundle, and the natives load from inside it
 * (libtesseract through JNA; ONNX Runtime extracts its own from the bundle).
 */
class AiLocalProvidersTest {

    @TempDir
    static Path dir;
    private static Container container;

    @BeforeAll
    static void start() throws Exception {
        container = Container.start(dir);
        for (Bundle b : container.install(System.getProperty("vdfs.ai.local.bundles").split(","))) {
            assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
    }

    @Test
    void ocrReadsTheReceipt() throws Exception {
        OcrProvider ocr = container.service(OcrProvider.class);
        List<AiModel> models = ocr.models();
        assertEquals(1, models.size(), models.toString());
        OcrProvider.OcrResult result = ocr.ocr(models.get(0), Receipt.png(), "eng");
        assertTrue(result.text().matches("(?s).*\\bTOTAL\\s+" + Receipt.TOTAL.replace(".", "\\.") + "\\b.*"),
                result.text());
    }

    @Test
    void embeddingsAndClassificationRunOnOnnxRuntimeInsideTheBundle() throws Exception {
        EmbeddingProvider embeddings = container.service(EmbeddingProvider.class);
        AiModel model = embeddings.models().get(0);
        List<float[]> v = embeddings.embed(model, List.of("a cat sleeps on the sofa", "a kitten naps on the couch",
                "quarterly tax filing deadline"));
        assertEquals(384, v.get(0).length);
        assertTrue(dot(v.get(0), v.get(1)) > dot(v.get(0), v.get(2)) + 0.3);

        TextClassifierProvider classifier = container.service(TextClassifierProvider.class);
        List<TextClassifierProvider.LabelScore> scores = classifier.classify(classifier.models().get(0),
                "The goalkeeper saved a penalty in extra time.", List.of("cooking", "sports", "finance"));
        assertEquals("sports", scores.get(0).label());
    }

    @Test
    void faceDetectionRunsInsideTheBundle() throws Exception {
        FaceDetectionProvider faces = container.service(FaceDetectionProvider.class);
        AiModel model = faces.models().get(0);
        assertEquals(1, faces.detectFaces(model, TestPhotos.bytes("astronaut.jpg"), 0.75).size());
        assertEquals(0, faces.detectFaces(model, TestPhotos.bytes("rocket.jpg"), 0.75).size());
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

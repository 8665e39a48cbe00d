package org.vdfs.itests.framework.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vdfs.ai.local.internal.LabelledSet;
import org.vdfs.ai.local.internal.Receipt;
import org.vdfs.ai.local.internal.TestPhotos;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.FaceDetectionProvider;
import org.vdfs.api.ai.OcrProvider;
import org.vdfs.api.ai.TextClassifierProvider;
import org.vdfs.itests.framework.Container;

/**
 * Latency of the local AI providers as OSGi services in Felix, called from
 * Java: the first call (which loads the model) and the median and p90 of warm
 * calls, one at a time, with the providers' default configuration.
 */
final class AiLocalBench {

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private AiLocalBench() {
    }

    static void run(Path dir, List<String> summary) throws Exception {
        System.out.println();
        System.out.println("== Local AI providers: latency per call from Java (first call loads the model) ==");
        try (Container c = Container.start(dir)) {
            c.install(System.getProperty("vdfs.ai.local.bundles").split(","));

            OcrProvider ocr = c.service(OcrProvider.class);
            AiModel ocrModel = ocr.models().get(0);
            byte[] receipt = Receipt.png();
            measure("OCR, rendered receipt 900x752 (tesseract, eng)", 3, 15,
                    () -> ocr.ocr(ocrModel, receipt, "eng"), summary);

            EmbeddingProvider embed = c.service(EmbeddingProvider.class);
            AiModel embedModel = embed.models().get(0);
            List<String> one = List.of("The quick brown fox jumps over the lazy dog.");
            measure("Embedding, one sentence (all-minilm-l6-v2)", 20, 100, () -> embed.embed(embedModel, one), summary);
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                batch.add(LabelledSet.EXAMPLES.get(i % LabelledSet.EXAMPLES.size())[0]);
            }
            measure("Embedding, batch of 32 sentences (all-minilm-l6-v2)", 3, 20,
                    () -> embed.embed(embedModel, batch), summary);

            TextClassifierProvider classify = c.service(TextClassifierProvider.class);
            AiModel classifyModel = classify.models().get(0);
            String text = LabelledSet.EXAMPLES.get(0)[0];
            measure("Zero-shot classification, one text, 4 labels (labels' vectors cached)", 10, 100,
                    () -> classify.classify(classifyModel, text, LabelledSet.LABELS), summary);

            FaceDetectionProvider faces = c.service(FaceDetectionProvider.class);
            AiModel back = faces.models().get(0);
            AiModel front = faces.models().get(1);
            byte[] astronaut = TestPhotos.bytes("astronaut.jpg");
            byte[] group = TestPhotos.group().png();
            measure("Face detection, astronaut 512x512 JPEG (blazeface-back)", 5, 50,
                    () -> faces.detectFaces(back, astronaut, 0.75), summary);
            measure("Face detection, group 760x360 PNG (blazeface-back)", 5, 50,
                    () -> faces.detectFaces(back, group, 0.75), summary);
            measure("Face detection, astronaut 512x512 JPEG (blazeface-front)", 5, 50,
                    () -> faces.detectFaces(front, astronaut, 0.75), summary);
        }
    }

    private static void measure(String what, int warmup, int runs, Call call, List<String> summary) throws Exception {
        long t0 = System.nanoTime();
        call.run();
        double first = (System.nanoTime() - t0) / 1e6;
        for (int i = 1; i < warmup; i++) {
            call.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        double median = Benchmarks.medianOf(ms), p90 = Benchmarks.p90Of(ms);
        System.out.printf(Locale.ROOT, "%-75s first %,8.1f ms, warm median %,7.2f ms, p90 %,7.2f ms (%d runs)%n",
                what, first, median, p90, runs);
        summary.add(String.format(Locale.ROOT, "| %s (warm median / p90) | %.2f / %.2f ms | first call %.0f ms | | |",
                what, median, p90, first));
    }
}

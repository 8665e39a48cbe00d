package org.vdfs.itests.framework.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vdfs.ai.local.internal.Receipt;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.AiRegistry;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.OcrProvider;
import org.vdfs.api.ai.TextGenerationProvider;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.itests.framework.Container;

/**
 * The cost of reaching an AI provider from a WASM guest, against calling it
 * from Java in the same run: per model, three paths measured interleaved (so
 * drift hits all alike), each the median of warm calls —
 * <ol>
 * <li>Java, the provider service directly;</li>
 * <li>Java, the {@code ai.*} operation through the operation registry as a host
 * caller (JSON, base64, permission-free, the call limiter and deadline);</li>
 * <li>WASM: a guest operation that forwards the same JSON through
 * {@code spacedrive_call} to the same {@code ai.*} operation (guard, UseModel
 * check, guest memory copies).</li>
 * </ol>
 * Local providers (Tesseract OCR on the rendered receipt, MiniLM embeddings of
 * one sentence) and, as a stand-in for a remote model, an OpenAI-compatible
 * server on loopback.
 */
final class AiBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller HOST = Caller.host("bench");
    private static final int WARMUP = 20;

    private AiBench() {
    }

    private interface Call {
        void run() throws Exception;
    }

    static void run(Path dir, List<String> summary) throws Exception {
        System.out.println();
        System.out.println("== AI: a provider reached from WASM vs from Java ==");
        // Without it the JDK's server answers headers and body in two segments and waits for the
        // client's delayed ACK: ~40 ms per call that no real server spends.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer chat = org.vdfs.itests.framework.AiFixtures.chatServer(new java.util.concurrent.CopyOnWriteArrayList<>());
        try (Container c = Container.start(dir.resolve("container"), 60_000)) { // OCR on a busy 2-core box
            c.install(System.getProperty("vdfs.ai.local.bundles").split(","));
            c.configureFactory("org.vdfs.ai.openai", Map.of("id", "loopback", "url",
                    "http://127.0.0.1:" + chat.getAddress().getPort() + "/v1", "models", "llm:echo", "retries", 0));
            awaitModels(c, "ocr:tesseract", "embedding:all-minilm-l6-v2", "llm:echo");
            c.installer().install(org.vdfs.itests.framework.AiFixtures.aiPackage(dir, "bench",
                    "{\"category\": \"ocr\"}, {\"category\": \"embedding\"}, {\"category\": \"llm\"}", null));
            OperationRegistry registry = c.registry();
            AiRegistry ai = c.service(AiRegistry.class);

            byte[] png = Receipt.png();
            AiModel ocrModel = ai.resolve("ocr", "tesseract", AiRegistry.Preference.LOCAL).orElseThrow();
            OcrProvider ocr = ai.provider(ocrModel, OcrProvider.class).orElseThrow();
            ObjectNode ocrIn = JSON.createObjectNode();
            ocrIn.putObject("image").put("bytes_base64", Base64.getEncoder().encodeToString(png));
            measure("ocr, Tesseract, rendered receipt", 40, summary,
                    () -> ocr.ocr(ocrModel, png, "eng"),
                    () -> registry.call(HOST, "ai.ocr", null, ocrIn),
                    () -> check(registry.call(HOST, "bench.ocr", null, ocrIn), "text"));

            AiModel embModel = ai.resolve("embedding", "all-minilm-l6-v2", AiRegistry.Preference.LOCAL).orElseThrow();
            EmbeddingProvider emb = ai.provider(embModel, EmbeddingProvider.class).orElseThrow();
            String sentence = "The receipt from the corner shop lists milk, bread and coffee.";
            ObjectNode embIn = JSON.createObjectNode();
            embIn.putArray("texts").add(sentence);
            measure("embed, MiniLM, one sentence", 300, summary,
                    () -> emb.embed(embModel, List.of(sentence)),
                    () -> registry.call(HOST, "ai.embed", null, embIn),
                    () -> check(registry.call(HOST, "bench.embed", null, embIn), "vectors"));

            AiModel llm = ai.resolve("llm", "echo", AiRegistry.Preference.ANY).orElseThrow();
            TextGenerationProvider gen = ai.provider(llm, TextGenerationProvider.class).orElseThrow();
            ObjectNode genIn = JSON.createObjectNode().put("prompt", "Summarise: milk 1.20, bread 2.50").put("model", "echo");
            measure("generate, OpenAI-compatible loopback (stand-in)", 300, summary,
                    () -> gen.generate(llm, "Summarise: milk 1.20, bread 2.50", Map.of()),
                    () -> registry.call(HOST, "ai.generate", null, genIn),
                    () -> check(registry.call(HOST, "bench.generate", null, genIn), "text"));
        } finally {
            chat.stop(0);
        }
    }

    private static void check(JsonNode result, String field) {
        if (!result.has(field)) {
            throw new IllegalStateException("unexpected result: " + result);
        }
    }

    private static void awaitModels(Container c, String... names) throws Exception {
        AiRegistry ai = c.service(AiRegistry.class);
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (String name : names) {
            while (ai.models().stream().noneMatch(m -> m.qualifiedName().equals(name))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no model " + name + ": " + ai.models());
                }
                Thread.sleep(20);
            }
        }
    }

    private static void measure(String what, int runs, List<String> summary, Call direct, Call op, Call wasm)
            throws Exception {
        Call[] paths = { direct, op, wasm };
        for (int i = 0; i < WARMUP; i++) {
            for (Call p : paths) {
                p.run();
            }
        }
        List<double[]> times = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            times.add(new double[runs]);
        }
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < 3; k++) {
                int p = (i + k) % 3; // rotate the order: no path always runs first
                long t = System.nanoTime();
                paths[p].run();
                times.get(p)[i] = System.nanoTime() - t;
            }
        }
        double d = Benchmarks.medianOf(times.get(0)) / 1e6;
        double o = Benchmarks.medianOf(times.get(1)) / 1e6;
        double w = Benchmarks.medianOf(times.get(2)) / 1e6;
        System.out.printf(Locale.ROOT, "%s: median of %d warm calls -- Java direct %.2f ms, Java ai.* operation %.2f ms,"
                + " WASM guest %.2f ms; WASM vs operation %+.1f %%, vs direct %+.1f %%%n", what, runs, d, o, w,
                (w / o - 1) * 100, (w / d - 1) * 100);
        summary.add(String.format(Locale.ROOT, "| %s (median) | WASM %.2f ms | Java op %.2f ms / direct %.2f ms |"
                + " %+.1f %% / %+.1f %% | <= 5 %% |", what, w, o, d, (w / o - 1) * 100, (w / d - 1) * 100));
    }
}

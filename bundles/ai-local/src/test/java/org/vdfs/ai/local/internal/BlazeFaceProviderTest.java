package org.vdfs.ai.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.FaceDetectionProvider.Face;

/** BlazeFace on ONNX Runtime on photos with known face counts. */
class BlazeFaceProviderTest {

    /**
     * Faces in these photos score 0.85–0.93; the coffee cup's best false alarm
     * is 0.49 (docs/ai-local-providers.md), so the tests ask for 0.75, with a margin.
     */
    static final double MIN_SCORE = 0.75;
    private static BlazeFaceProvider provider;
    private static AiModel back;
    private static AiModel front;

    @BeforeAll
    static void start() {
        provider = new BlazeFaceProvider();
        provider.activate(Configs.of(BlazeFaceConfig.class, Map.of()));
        List<AiModel> models = provider.models();
        back = models.get(0);
        front = models.get(1);
    }

    @AfterAll
    static void stop() {
        provider.deactivate();
    }

    @Test
    void listsBothModelsBackFirst() {
        assertEquals("blazeface-back", back.name());
        assertEquals("blazeface-front", front.name());
        assertEquals("face_detection", back.category());
        assertTrue((Long) back.details().get("size_bytes") > 500_000L);
    }

    @Test
    void findsTheAstronautsFaceWithBothModels() throws Exception {
        for (AiModel m : List.of(back, front)) {
            List<Face> faces = provider.detectFaces(m, TestPhotos.bytes("astronaut.jpg"), MIN_SCORE);
            System.out.println(m.name() + " astronaut.jpg: " + faces);
            assertEquals(1, faces.size(), m.name() + " " + faces);
            Face f = faces.get(0);
            assertTrue(TestPhotos.ASTRONAUT_HEAD.contains(f.x() + f.width() / 2, f.y() + f.height() / 2), f.toString());
            assertTrue(f.width() > 60 && f.width() < 150, f.toString());
            assertTrue(f.score() >= MIN_SCORE && f.score() <= 1, f.toString());
        }
    }

    @Test
    void aPhotoStoredSidewaysIsTurnedByItsExifOrientation() throws Exception {
        // stored turned a quarter counter-clockwise, tagged "turn clockwise to show" (6): a phone held sideways
        java.awt.image.BufferedImage upright = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(TestPhotos.bytes("astronaut.jpg")));
        byte[] sideways = ImagesTest.withOrientation(ImagesTest.jpeg(Images.upright(upright, 8)), 6);
        List<Face> faces = provider.detectFaces(back, sideways, MIN_SCORE);
        assertEquals(1, faces.size(), faces.toString());
        Face f = faces.get(0);
        // in the coordinates of the photo as shown, where the head is upright
        assertTrue(TestPhotos.ASTRONAUT_HEAD.contains(f.x() + f.width() / 2, f.y() + f.height() / 2), f.toString());
    }

    @Test
    void findsNoFaceWhereThereIsNone() throws Exception {
        for (String photo : List.of("coffee.jpg", "rocket.jpg")) {
            for (AiModel m : List.of(back, front)) {
                assertEquals(List.of(), provider.detectFaces(m, TestPhotos.bytes(photo), MIN_SCORE), m.name() + " " + photo);
                // the ai.detect_faces default too (the cup's best false alarm is 0.49)
                assertEquals(List.of(), provider.detectFaces(m, TestPhotos.bytes(photo), 0.5), m.name() + " " + photo);
            }
        }
    }

    @Test
    void findsEveryFaceOfTheGroupOnce() throws Exception {
        TestPhotos.Group group = TestPhotos.group();
        List<Face> faces = provider.detectFaces(back, group.png(), MIN_SCORE);
        System.out.println("blazeface-back group: " + faces);
        assertEquals(3, faces.size(), faces.toString());
        for (Rectangle head : group.heads()) {
            long inside = faces.stream().filter(f -> head.contains(f.x() + f.width() / 2, f.y() + f.height() / 2)).count();
            assertEquals(1, inside, head + " " + faces);
        }
        for (int i = 1; i < faces.size(); i++) {
            assertTrue(faces.get(i - 1).score() >= faces.get(i).score(), "best first");
        }
    }

    @Test
    void aLowerMinimumScoreFindsMoreNeverFewer() throws Exception {
        byte[] photo = TestPhotos.bytes("coffee.jpg");
        int strict = provider.detectFaces(back, photo, MIN_SCORE).size();
        int loose = provider.detectFaces(back, photo, 0.3).size();
        System.out.println("blazeface-back coffee.jpg at 0.3: " + provider.detectFaces(back, photo, 0.3));
        assertTrue(loose >= strict);
        assertTrue(provider.detectFaces(back, photo, 0.3).stream().allMatch(f -> f.score() >= 0.3));
    }

    @Test
    void refusesBadInput() {
        assertEquals("invalid_input", assertThrows(AiException.class,
                () -> provider.detectFaces(back, "no image".getBytes(), 0.5)).code());
        assertEquals("invalid_input", assertThrows(AiException.class,
                () -> provider.detectFaces(back, TestPhotos.bytes("astronaut.jpg"), 1.5)).code());
        AiModel unknown = new AiModel("nope", "face_detection", "blazeface", true, null, Map.of());
        assertEquals("model_not_found", assertThrows(AiException.class,
                () -> provider.detectFaces(unknown, TestPhotos.bytes("astronaut.jpg"), 0.5)).code());
    }

    @Test
    void aDeactivatedProviderClosesItsSessionsAndRefusesCalls() throws Exception {
        BlazeFaceProvider own = new BlazeFaceProvider();
        own.activate(Configs.of(BlazeFaceConfig.class, Map.of()));
        assertEquals(1, own.detectFaces(front, TestPhotos.bytes("astronaut.jpg"), MIN_SCORE).size());
        own.deactivate();
        assertEquals("provider_unavailable", assertThrows(AiException.class,
                () -> own.detectFaces(front, TestPhotos.bytes("astronaut.jpg"), MIN_SCORE)).code());
    }

    @Test
    void runsARegisteredModelFileAndRefusesFilesThatAreNotBlazeFace(@TempDir Path dir) throws Exception {
        assertTrue(provider.runsModelFiles());
        BlazeFaceProvider own = new BlazeFaceProvider();
        own.activate(Configs.of(BlazeFaceConfig.class, Map.of()));
        try {
            // the front (128x128) model as a registered file: its input size picks the short-range layout
            Path file = dir.resolve("photos_v1.onnx");
            try (InputStream in = getClass().getResourceAsStream("/blazeface/face_detection_front_128x128.onnx")) {
                Files.copy(in, file);
            }
            AiModel registered = new AiModel("photos_v1", "face_detection", "blazeface", true, file, Map.of());
            List<Face> faces = own.detectFaces(registered, TestPhotos.bytes("astronaut.jpg"), MIN_SCORE);
            assertEquals(own.detectFaces(front, TestPhotos.bytes("astronaut.jpg"), MIN_SCORE), faces);
            assertEquals(1, faces.size(), faces.toString());

            Path photo = dir.resolve("photo.onnx");
            Files.write(photo, TestPhotos.bytes("rocket.jpg"));
            AiException notOnnx = assertThrows(AiException.class, () -> own.detectFaces(
                    new AiModel("bad", "face_detection", "blazeface", true, photo, Map.of()),
                    TestPhotos.bytes("astronaut.jpg"), MIN_SCORE));
            assertEquals("invalid_input", notOnnx.code());
            assertTrue(notOnnx.getMessage().contains(photo.toString()), notOnnx.getMessage());

            Path minilm = dir.resolve("minilm.onnx");
            try (InputStream in = MiniLmProvider.class.getResourceAsStream("/" + MiniLmProvider.MODEL_RESOURCE)) {
                Files.copy(in, minilm);
            }
            AiException notBlazeFace = assertThrows(AiException.class, () -> own.detectFaces(
                    new AiModel("text", "face_detection", "blazeface", true, minilm, Map.of()),
                    TestPhotos.bytes("astronaut.jpg"), MIN_SCORE));
            assertEquals("invalid_input", notBlazeFace.code());
            assertTrue(notBlazeFace.getMessage().contains("not a BlazeFace"), notBlazeFace.getMessage());

            Files.delete(file); // unregistered: the file goes, and so does the call
            assertEquals("model_not_found", assertThrows(AiException.class,
                    () -> own.detectFaces(registered, TestPhotos.bytes("astronaut.jpg"), MIN_SCORE)).code());
        } finally {
            own.deactivate();
        }
    }
}

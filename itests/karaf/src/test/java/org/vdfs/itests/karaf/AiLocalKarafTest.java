package org.vdfs.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.OptionUtils.combine;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.vdfs.api.ai.EmbeddingProvider;
import org.vdfs.api.ai.FaceDetectionProvider;
import org.vdfs.api.ai.OcrProvider;

/**
 * feature:install vdfs-ai-local in the distribution: the providers come up and
 * their natives load in Karaf (libtesseract through the JNA bundle, ONNX
 * Runtime's own from inside the bundle).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AiLocalKarafTest {

    @Inject
    private OcrProvider ocr;
    @Inject
    private EmbeddingProvider embeddings;
    @Inject
    private FaceDetectionProvider faces;

    @Configuration
    public Option[] config() {
        return combine(KarafDistribution.options(),
                features(maven("org.vdfs", "vdfs-features", System.getProperty("vdfs.version")).classifier("features")
                        .type("xml"), "vdfs-ai-local"));
    }

    @Test
    public void theProvidersRunInKaraf() throws Exception {
        String text = ocr.ocr(ocr.models().get(0), png(true), "eng").text();
        assertTrue(text, text.contains("TOTAL 12.78"));

        List<float[]> v = embeddings.embed(embeddings.models().get(0), List.of("hello world"));
        assertEquals(384, v.get(0).length);

        assertEquals(List.of(), faces.detectFaces(faces.models().get(0), png(false), 0.5));
    }

    /** A line of text, or a plain grey picture. */
    private static byte[] png(boolean text) throws Exception {
        BufferedImage image = new BufferedImage(600, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(text ? Color.WHITE : Color.GRAY);
        g.fillRect(0, 0, 600, 120);
        if (text) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 40));
            g.drawString("TOTAL 12.78", 40, 75);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

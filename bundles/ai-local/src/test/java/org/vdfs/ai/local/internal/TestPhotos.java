package org.vdfs.ai.local.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The test photos (src/test/resources/faces, see README there): real photos
 * with known face counts, and a group made of three copies of the astronaut's
 * head at different sizes (no free group photo was to be had offline).
 */
public final class TestPhotos {

    /** Where the astronaut's head is in astronaut.jpg (512×512), generously. */
    public static final Rectangle ASTRONAUT_HEAD = new Rectangle(150, 40, 150, 170);

    private TestPhotos() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = TestPhotos.class.getResourceAsStream("/faces/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test photo " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A group photo and where each of its heads is. */
    public record Group(byte[] png, List<Rectangle> heads) {
    }

    /** Three heads cut from the astronaut photo, at 100 %, 85 % and 70 %, on a grey wall. */
    public static Group group() {
        try {
            BufferedImage astronaut = ImageIO.read(new ByteArrayInputStream(bytes("astronaut.jpg")));
            // the head and shoulders around it
            Rectangle cut = new Rectangle(110, 0, 240, 300);
            BufferedImage portrait = astronaut.getSubimage(cut.x, cut.y, cut.width, cut.height);
            BufferedImage canvas = new BufferedImage(760, 360, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = canvas.createGraphics();
            List<Rectangle> heads = new ArrayList<>();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setColor(new Color(120, 124, 130));
                g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
                double[] scales = {1.0, 0.85, 0.7};
                int[] xs = {20, 280, 520};
                int[] ys = {30, 60, 90};
                for (int i = 0; i < scales.length; i++) {
                    double s = scales[i];
                    g.drawImage(portrait, xs[i], ys[i], (int) (cut.width * s), (int) (cut.height * s), null);
                    heads.add(new Rectangle(xs[i] + (int) ((ASTRONAUT_HEAD.x - cut.x) * s),
                            ys[i] + (int) ((ASTRONAUT_HEAD.y - cut.y) * s),
                            (int) (ASTRONAUT_HEAD.width * s), (int) (ASTRONAUT_HEAD.height * s)));
                }
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(canvas, "png", out);
            return new Group(out.toByteArray(), heads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

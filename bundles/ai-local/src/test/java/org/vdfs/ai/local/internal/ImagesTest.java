package org.vdfs.ai.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Photos are turned upright by their EXIF orientation before a model sees them. */
class ImagesTest {

    private static final Color RED = Color.RED;     // the stored image's top-left quadrant
    private static final Color GREEN = Color.GREEN; // its top-right quadrant

    /**
     * Where the stored top-left and top-right corners are shown, per orientation, as the EXIF
     * specification words it ("the 0th row is the visual ..., the 0th column is the visual ...").
     */
    private static final Map<Integer, String[]> SHOWN_AT = Map.of(
            1, new String[] {"top-left", "top-right"},
            2, new String[] {"top-right", "top-left"},
            3, new String[] {"bottom-right", "bottom-left"},
            4, new String[] {"bottom-left", "bottom-right"},
            5, new String[] {"top-left", "bottom-left"},
            6, new String[] {"top-right", "bottom-right"},
            7, new String[] {"bottom-right", "top-right"},
            8, new String[] {"bottom-left", "top-left"});

    @Test
    void everyOrientationIsShownAsAViewerShowsIt() throws Exception {
        BufferedImage stored = quadrants(80, 40);
        for (int orientation = 1; orientation <= 8; orientation++) {
            byte[] jpeg = withOrientation(jpeg(stored), orientation);
            assertEquals(orientation, Images.orientation(jpeg));
            BufferedImage shown = Images.decode(jpeg, 1_000_000);
            boolean swapped = orientation >= 5;
            assertEquals(swapped ? 40 : 80, shown.getWidth(), "width, orientation " + orientation);
            assertEquals(swapped ? 80 : 40, shown.getHeight(), "height, orientation " + orientation);
            assertNear(RED, corner(shown, SHOWN_AT.get(orientation)[0]), "stored top-left, orientation " + orientation);
            assertNear(GREEN, corner(shown, SHOWN_AT.get(orientation)[1]), "stored top-right, orientation " + orientation);
        }
    }

    @Test
    void noOrBrokenExifMeansAsStored() throws Exception {
        byte[] plain = jpeg(quadrants(80, 40));
        assertEquals(1, Images.orientation(plain));
        byte[] broken = withOrientation(plain, 6);
        broken[30] = 'X'; // the TIFF header's byte order mark: no longer EXIF that parses
        assertEquals(1, Images.orientation(broken));
        assertEquals(80, Images.decode(broken, 1_000_000).getWidth());
        assertEquals(1, Images.orientation("not an image".getBytes()));
    }

    static BufferedImage quadrants(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Color[] colors = {RED, GREEN, Color.BLUE, Color.WHITE};
        for (int i = 0; i < 4; i++) {
            g.setColor(colors[i]);
            g.fillRect(i % 2 * w / 2, i / 2 * h / 2, w / 2, h / 2);
        }
        g.dispose();
        return img;
    }

    static byte[] jpeg(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "jpg", out));
        return out.toByteArray();
    }

    /**
     * The JPEG with an APP1 EXIF segment right after its start marker holding only IFD0's
     * Orientation tag (big-endian TIFF: header, one entry of type SHORT, no next IFD).
     */
    static byte[] withOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26)
                .put(new byte[] {'M', 'M', 0, 42}).putInt(8)
                .putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + 6 + 26)
                .put(jpeg, 0, 2)
                .put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + 26))
                .put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff.array())
                .put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    private static Color corner(BufferedImage img, String where) {
        int x = where.endsWith("left") ? 3 : img.getWidth() - 4;
        int y = where.startsWith("top") ? 3 : img.getHeight() - 4;
        return new Color(img.getRGB(x, y));
    }

    private static void assertNear(Color expected, Color actual, String what) {
        int d = Math.abs(expected.getRed() - actual.getRed()) + Math.abs(expected.getGreen() - actual.getGreen())
                + Math.abs(expected.getBlue() - actual.getBlue());
        assertTrue(d < 90, what + ": expected " + expected + ", got " + actual);
    }
}

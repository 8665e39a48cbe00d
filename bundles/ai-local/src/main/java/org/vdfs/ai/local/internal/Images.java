package org.vdfs.ai.local.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.vdfs.api.ai.AiException;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;

/** Decoding of the encoded images callers pass, with a size check before the pixels are allocated. */
final class Images {

    private Images() {
    }

    /**
     * Decodes PNG, JPEG, GIF, BMP (and TIFF on Java 9+) and turns it upright by its EXIF orientation,
     * so a phone photo taken sideways is seen (and its boxes reported) as a viewer shows it;
     * {@code invalid_input} for anything else or too large.
     */
    static BufferedImage decode(byte[] bytes, long maxPixels) throws AiException {
        return upright(decodeStored(bytes, maxPixels), orientation(bytes));
    }

    /** The pixels as stored, ignoring any orientation tag. */
    static BufferedImage decodeStored(byte[] bytes, long maxPixels) throws AiException {
        if (bytes == null || bytes.length == 0) {
            throw new AiException("invalid_input", "the image is empty");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new AiException("invalid_input", "not an image in a known format (PNG, JPEG, GIF, BMP, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new AiException("invalid_input", "the image has " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels, more than the " + maxPixels + " accepted");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new AiException("invalid_input", "the image cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** The EXIF orientation (1–8), 1 when the image has none or it cannot be read. */
    static int orientation(byte[] bytes) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
            ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int value = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return value >= 1 && value <= 8 ? value : 1;
            }
        } catch (Exception e) {
            // a broken or absent EXIF block is not an error for the pixels: shown as stored
        }
        return 1;
    }

    /**
     * The image as displayed for an EXIF orientation: 2–4 mirror or turn it half way, 5–8 swap
     * width and height (6: turn clockwise, 8: counter-clockwise, 5 and 7 also mirror).
     */
    static BufferedImage upright(BufferedImage stored, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return stored;
        }
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean swap = orientation >= 5;
        // maps a stored pixel position (x, y) to its displayed one (m00 m10 m01 m11 m02 m12)
        AffineTransform at = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
            default -> new AffineTransform(0, -1, 1, 0, 0, w); // 8
        };
        int type = stored.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage shown = new BufferedImage(swap ? h : w, swap ? w : h, type);
        Graphics2D g = shown.createGraphics();
        try {
            g.drawImage(stored, at, null);
        } finally {
            g.dispose();
        }
        return shown;
    }

    /** 8-bit grey pixels, transparent areas on white, one byte per pixel, rows without padding. */
    static byte[] gray(BufferedImage image) {
        BufferedImage g = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = g.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, g.getWidth(), g.getHeight());
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return ((java.awt.image.DataBufferByte) g.getRaster().getDataBuffer()).getData();
    }
}

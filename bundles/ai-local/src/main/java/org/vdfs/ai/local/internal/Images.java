package org.vdfs.ai.local.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.vdfs.api.ai.AiException;

/** Decoding of the encoded images callers pass, with a size check before the pixels are allocated. */
final class Images {

    private Images() {
    }

    /** Decodes PNG, JPEG, GIF, BMP (and TIFF on Java 9+); {@code invalid_input} for anything else or too large. */
    static BufferedImage decode(byte[] bytes, long maxPixels) throws AiException {
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

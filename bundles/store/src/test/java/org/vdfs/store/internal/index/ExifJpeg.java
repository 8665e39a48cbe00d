package org.vdfs.store.internal.index;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes real JPEGs carrying EXIF: the image from {@code javax.imageio}, then an APP1 "Exif"
 * segment written by hand (a big-endian TIFF structure: IFD0 with Make, Model and the pointers
 * to the EXIF IFD, holding DateTimeOriginal, and the GPS IFD, holding latitude and longitude).
 */
public final class ExifJpeg {

    private static final int ASCII = 2;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;
    private static final int BYTE = 1;

    private ExifJpeg() {
    }

    private record Tag(int tag, int type, int count, byte[] data) {
    }

    /** A JPEG of {@code width x height} pixels (colour from {@code seed}), with no metadata. */
    public static byte[] plain(int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (seed * 7919 + x * 31 + y * 17) & 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "jpg", out)) {
            throw new IOException("no JPEG writer");
        }
        return out.toByteArray();
    }

    /**
     * A JPEG with EXIF: camera make and model, DateTimeOriginal ("yyyy:MM:dd HH:mm:ss") and GPS
     * (decimal degrees; south and west negative).
     */
    public static byte[] withExif(int width, int height, int seed, String make, String model, String dateTimeOriginal,
            double latitude, double longitude) throws IOException {
        byte[] jpeg = plain(width, height, seed);
        byte[] tiff = tiff(make, model, dateTimeOriginal, latitude, longitude);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        byte[] exifHeader = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + exifHeader.length + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exifHeader);
        out.write(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] tiff(String make, String model, String date, double lat, double lon) {
        List<Tag> exif = List.of(new Tag(0x9003, ASCII, date.length() + 1, ascii(date)));
        List<Tag> gps = List.of(
                new Tag(0x0000, BYTE, 4, new byte[] { 2, 3, 0, 0 }),
                new Tag(0x0001, ASCII, 2, ascii(lat < 0 ? "S" : "N")),
                new Tag(0x0002, RATIONAL, 3, dms(Math.abs(lat))),
                new Tag(0x0003, ASCII, 2, ascii(lon < 0 ? "W" : "E")),
                new Tag(0x0004, RATIONAL, 3, dms(Math.abs(lon))));
        int ifd0Size = size(4, List.of(ascii(make), ascii(model)));
        int exifStart = 8 + ifd0Size;
        int gpsStart = exifStart + size(exif);
        List<Tag> ifd0 = List.of(
                new Tag(0x010F, ASCII, make.length() + 1, ascii(make)),
                new Tag(0x0110, ASCII, model.length() + 1, ascii(model)),
                new Tag(0x8769, LONG, 1, ByteBuffer.allocate(4).putInt(exifStart).array()),
                new Tag(0x8825, LONG, 1, ByteBuffer.allocate(4).putInt(gpsStart).array()));
        ByteBuffer buf = ByteBuffer.allocate(gpsStart + size(gps)); // big-endian by default
        buf.put((byte) 'M').put((byte) 'M').putShort((short) 0x2A).putInt(8);
        ifd(buf, 8, ifd0);
        ifd(buf, exifStart, exif);
        ifd(buf, gpsStart, gps);
        return buf.array();
    }

    private static int size(int entries, List<byte[]> outOfLine) {
        int s = 2 + 12 * entries + 4;
        for (byte[] d : outOfLine) {
            if (d.length > 4) {
                s += (d.length + 1) & ~1;
            }
        }
        return s;
    }

    private static int size(List<Tag> tags) {
        List<byte[]> data = new ArrayList<>();
        tags.forEach(t -> data.add(t.data()));
        return size(tags.size(), data);
    }

    private static void ifd(ByteBuffer buf, int start, List<Tag> tags) {
        buf.position(start);
        int extra = start + 2 + 12 * tags.size() + 4;
        List<byte[]> outOfLine = new ArrayList<>();
        buf.putShort((short) tags.size());
        for (Tag t : tags) {
            buf.putShort((short) t.tag()).putShort((short) t.type()).putInt(t.count());
            if (t.data().length <= 4) {
                buf.put(t.data());
                for (int i = t.data().length; i < 4; i++) {
                    buf.put((byte) 0);
                }
            } else {
                buf.putInt(extra);
                extra += (t.data().length + 1) & ~1;
                outOfLine.add(t.data());
            }
        }
        buf.putInt(0); // no next IFD
        for (byte[] d : outOfLine) {
            buf.put(d);
            if ((d.length & 1) == 1) {
                buf.put((byte) 0);
            }
        }
    }

    private static byte[] ascii(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    /** Degrees, minutes, seconds as three rationals (seconds to 1/1000). */
    private static byte[] dms(double value) {
        int degrees = (int) value;
        double m = (value - degrees) * 60;
        int minutes = (int) m;
        long secondsMillis = Math.round((m - minutes) * 60 * 1000);
        return ByteBuffer.allocate(24).putInt(degrees).putInt(1).putInt(minutes).putInt(1)
                .putInt((int) secondsMillis).putInt(1000).array();
    }
}

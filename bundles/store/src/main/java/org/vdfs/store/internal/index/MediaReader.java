package org.vdfs.store.internal.index;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.vdfs.api.store.MediaMetadata;

/** Reads capture time, GPS, camera and size from an image with metadata-extractor. */
final class MediaReader {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private MediaReader() {
    }

    /** The image's metadata (fields it does not carry are {@code null}). */
    static MediaMetadata read(Path file) throws IOException {
        Metadata metadata;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            metadata = ImageMetadataReader.readMetadata(in);
        } catch (ImageProcessingException e) {
            throw new IOException("not a readable image: " + e.getMessage(), e);
        }
        Instant taken = null;
        ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (exif != null) {
            // the EXIF offset tags (OffsetTimeOriginal) are honoured; without them, UTC
            Date original = exif.getDateOriginal(UTC);
            taken = original != null ? original.toInstant() : null;
        }
        if (taken == null && ifd0 != null) {
            Date modified = ifd0.getDate(ExifIFD0Directory.TAG_DATETIME, UTC);
            taken = modified != null ? modified.toInstant() : null;
        }
        Double latitude = null;
        Double longitude = null;
        GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
        if (gps != null) {
            GeoLocation location = gps.getGeoLocation();
            if (location != null && !location.isZero()) {
                latitude = location.getLatitude();
                longitude = location.getLongitude();
            }
        }
        String make = ifd0 == null ? null : trimmed(ifd0.getString(ExifIFD0Directory.TAG_MAKE));
        String model = ifd0 == null ? null : trimmed(ifd0.getString(ExifIFD0Directory.TAG_MODEL));
        Integer width = first(metadata.getFirstDirectoryOfType(JpegDirectory.class), JpegDirectory.TAG_IMAGE_WIDTH,
                metadata.getFirstDirectoryOfType(PngDirectory.class), PngDirectory.TAG_IMAGE_WIDTH,
                exif, ExifSubIFDDirectory.TAG_EXIF_IMAGE_WIDTH);
        Integer height = first(metadata.getFirstDirectoryOfType(JpegDirectory.class), JpegDirectory.TAG_IMAGE_HEIGHT,
                metadata.getFirstDirectoryOfType(PngDirectory.class), PngDirectory.TAG_IMAGE_HEIGHT,
                exif, ExifSubIFDDirectory.TAG_EXIF_IMAGE_HEIGHT);
        return new MediaMetadata(taken, latitude, longitude, make, model, width, height);
    }

    private static Integer first(Object... directoriesAndTags) {
        for (int i = 0; i < directoriesAndTags.length; i += 2) {
            if (directoriesAndTags[i] instanceof Directory d) {
                Integer value = d.getInteger((Integer) directoriesAndTags[i + 1]);
                if (value != null && value > 0) {
                    return value;
                }
            }
        }
        return null;
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String t = value.replace("\0", "").trim();
        return t.isEmpty() ? null : t.length() > 255 ? t.substring(0, 255) : t;
    }
}

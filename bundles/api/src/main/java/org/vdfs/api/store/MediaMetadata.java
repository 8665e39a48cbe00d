package org.vdfs.api.store;

import java.time.Instant;

/**
 * What the indexer read from an image's EXIF, kept per content identity. Every
 * field is {@code null} when the image does not say.
 *
 * @param takenAt     capture time (EXIF DateTimeOriginal; read as UTC when the image names no offset)
 * @param latitude    GPS latitude in decimal degrees, south negative
 * @param longitude   GPS longitude in decimal degrees, west negative
 * @param cameraMake  EXIF Make
 * @param cameraModel EXIF Model
 * @param width       pixels
 * @param height      pixels
 */
public record MediaMetadata(Instant takenAt, Double latitude, Double longitude, String cameraMake,
        String cameraModel, Integer width, Integer height) {

    public boolean hasGps() {
        return latitude != null && longitude != null;
    }
}

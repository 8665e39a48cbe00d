package org.vdfs.api.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One indexed file, folder or symbolic link.
 *
 * @param uuid         the entry's id
 * @param locationUuid the location holding it
 * @param path         relative to the location, {@code /}-separated; a name that is not valid
 *                     UTF-8 carries U+FFFD where its bytes could not be decoded
 * @param name         the last segment of the path
 * @param kind         {@code file}, {@code directory} or {@code symlink}
 * @param sizeBytes    0 for a directory; a symbolic link's own size
 * @param contentUuid  the content identity of a file, or {@code null} (not a file, or unreadable)
 * @param contentKind  {@code image}, {@code video}, {@code audio}, {@code document}, {@code text},
 *                     {@code archive} or {@code unknown}; {@code null} without content
 * @param media        EXIF of the content, or {@code null}
 */
public record EntryInfo(UUID uuid, UUID locationUuid, String path, String name, String kind, long sizeBytes,
        Instant createdAt, Instant modifiedAt, Instant indexedAt, UUID contentUuid, String contentKind,
        MediaMetadata media) {
}

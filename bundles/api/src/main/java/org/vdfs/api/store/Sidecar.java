package org.vdfs.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A sidecar: a JSON document of a named kind ({@code exif}, {@code faces}, {@code ocr}...)
 * attached to content (every entry of it sees the document) or to one entry.
 *
 * @param kind      the kind
 * @param target    what it is attached to
 * @param document  the document, or {@code null} in listings
 * @param writtenBy the extension (or host caller) that wrote it; {@code core} for what the indexer derives
 * @param sizeBytes the document's size as UTF-8 JSON
 * @param updatedAt when it was last written
 */
public record Sidecar(String kind, SidecarTarget target, JsonNode document, String writtenBy, long sizeBytes,
        Instant updatedAt) {

    /** The kind the indexer derives from images (media metadata); read-only. */
    public static final String EXIF = "exif";

    /** What a sidecar is attached to: content ({@code entry == false}) or an entry. */
    public record SidecarTarget(boolean entry, UUID uuid) {

        public static SidecarTarget content(UUID contentUuid) {
            return new SidecarTarget(false, contentUuid);
        }

        public static SidecarTarget entry(UUID entryUuid) {
            return new SidecarTarget(true, entryUuid);
        }

        public String scope() {
            return entry ? "entry" : "content";
        }
    }
}

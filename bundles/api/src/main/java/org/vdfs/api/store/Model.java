package org.vdfs.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored model.
 *
 * @param entryUuid   set for entry scope only
 * @param contentUuid set for content scope only
 * @param blobKeys    the names of all its blob fields, loaded or not
 * @param blobs       the blob fields that were loaded (none when read inline-only)
 */
public record Model(UUID uuid, String extensionId, String modelType, ModelScope scope, UUID entryUuid,
        UUID contentUuid, JsonNode data, List<String> blobKeys, Map<String, BlobValue> blobs, Instant createdAt,
        Instant updatedAt) {
}

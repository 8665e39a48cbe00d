package org.vdfs.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A model to create.
 *
 * @param modelType the extension's name for it, e.g. {@code PhotoAnalysis}
 * @param scope     what it is attached to
 * @param target    the content uuid (content scope), the entry uuid (entry scope), or {@code null} (standalone)
 * @param data      the lightweight JSON, kept inline in the models table
 * @param blobs     heavy fields by name, kept in {@code metadata_blobs} and loaded on demand
 */
public record NewModel(String modelType, ModelScope scope, UUID target, JsonNode data, Map<String, BlobValue> blobs) {

    public NewModel {
        Objects.requireNonNull(modelType, "modelType");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(data, "data");
        blobs = blobs == null ? Map.of() : Map.copyOf(blobs);
    }

    public static NewModel forContent(String modelType, UUID contentUuid, JsonNode data, Map<String, BlobValue> blobs) {
        return new NewModel(modelType, ModelScope.CONTENT, Objects.requireNonNull(contentUuid, "contentUuid"), data, blobs);
    }

    public static NewModel standalone(String modelType, JsonNode data, Map<String, BlobValue> blobs) {
        return new NewModel(modelType, ModelScope.STANDALONE, null, data, blobs);
    }

    public static NewModel forEntry(String modelType, UUID entryUuid, JsonNode data, Map<String, BlobValue> blobs) {
        return new NewModel(modelType, ModelScope.ENTRY, Objects.requireNonNull(entryUuid, "entryUuid"), data, blobs);
    }
}

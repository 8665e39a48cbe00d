package org.vdfs.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.store.BlobValue;
import org.vdfs.api.store.CollectionInfo;
import org.vdfs.api.store.CollectionItem;
import org.vdfs.api.store.LibraryInfo;
import org.vdfs.api.store.Model;

/**
 * The JSON shapes of the store operations (see docs/store.md). A blob field is
 * {@code {"json": <any JSON>}} or {@code {"bytes": "<base64>"}}, in and out.
 */
final class StoreJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private StoreJson() {
    }

    static ObjectNode library(LibraryInfo info) {
        return MAPPER.createObjectNode().put("id", info.id().toString()).put("name", info.name())
                .put("created_at", info.createdAt().toString()).put("default", info.isDefault())
                .put("open", info.open());
    }

    static JsonNode model(Model model) {
        if (model == null) {
            return MAPPER.nullNode();
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.put("uuid", model.uuid().toString());
        out.put("extension_id", model.extensionId());
        out.put("model_type", model.modelType());
        out.put("scope", model.scope().label());
        if (model.contentUuid() != null) {
            out.put("content_uuid", model.contentUuid().toString());
        }
        if (model.entryUuid() != null) {
            out.put("entry_uuid", model.entryUuid().toString());
        }
        out.set("data", model.data());
        ArrayNode keys = out.putArray("blob_keys");
        model.blobKeys().forEach(keys::add);
        if (!model.blobs().isEmpty()) {
            ObjectNode blobs = out.putObject("blobs");
            for (Map.Entry<String, BlobValue> blob : model.blobs().entrySet()) {
                blobs.set(blob.getKey(), blob(blob.getValue()));
            }
        }
        out.put("created_at", model.createdAt().toString());
        out.put("updated_at", model.updatedAt().toString());
        return out;
    }

    static ArrayNode models(List<Model> models) {
        ArrayNode list = MAPPER.createArrayNode();
        models.forEach(m -> list.add(model(m)));
        return list;
    }

    static ObjectNode blob(BlobValue value) {
        ObjectNode out = MAPPER.createObjectNode();
        if (value.type() == BlobValue.Type.JSON) {
            try {
                out.set("json", MAPPER.readTree(value.bytes()));
            } catch (java.io.IOException e) {
                out.put("bytes", Base64.getEncoder().encodeToString(value.bytes()));
            }
        } else {
            out.put("bytes", Base64.getEncoder().encodeToString(value.bytes()));
        }
        return out;
    }

    /** Reads {@code "blobs": {"key": {"json": ...} | {"bytes": "<base64>"}}}. */
    static Map<String, BlobValue> blobs(JsonNode blobs, OperationInput input) throws OperationException {
        Map<String, BlobValue> values = new LinkedHashMap<>();
        if (blobs.isMissingNode() || blobs.isNull()) {
            return values;
        }
        if (!blobs.isObject()) {
            throw input.invalid("needs \"blobs\" as an object of fields, each {\"json\": ...} or {\"bytes\": \"<base64>\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = blobs.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.has("json") && value.size() == 1) {
                values.put(field.getKey(), BlobValue.ofJson(value.get("json")));
            } else if (value.path("bytes").isTextual() && value.size() == 1) {
                try {
                    values.put(field.getKey(), BlobValue.ofBytes(Base64.getDecoder().decode(value.get("bytes").asText())));
                } catch (IllegalArgumentException e) {
                    throw input.invalid("blob field \"" + field.getKey() + "\": \"bytes\" is not base64");
                }
            } else {
                throw input.invalid("blob field \"" + field.getKey()
                        + "\" must be {\"json\": <value>} or {\"bytes\": \"<base64>\"}");
            }
        }
        return values;
    }

    static ObjectNode collection(CollectionInfo info) {
        return MAPPER.createObjectNode().put("uuid", info.uuid().toString()).put("name", info.name())
                .put("created_at", info.createdAt().toString());
    }

    static ObjectNode item(CollectionItem item) {
        return MAPPER.createObjectNode().put("kind", item.kind().label()).put("uuid", item.target().toString());
    }

    static ArrayNode strings(List<?> values) {
        ArrayNode list = MAPPER.createArrayNode();
        values.forEach(v -> list.add(v.toString()));
        return list;
    }
}

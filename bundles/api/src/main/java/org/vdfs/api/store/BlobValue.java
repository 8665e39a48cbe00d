package org.vdfs.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The value of one blob field of a model: raw bytes, or a JSON document kept
 * as its UTF-8 text. Stored compressed and deduplicated, loaded lazily.
 */
public record BlobValue(Type type, byte[] bytes) {

    /** How a blob field was given, so that it is handed back the same way. */
    public enum Type {
        BYTES, JSON;

        public String label() {
            return this == BYTES ? "bytes" : "json";
        }

        public static Type parse(String label) {
            return "json".equals(label) ? JSON : BYTES;
        }
    }

    public BlobValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bytes, "bytes");
    }

    public static BlobValue ofBytes(byte[] bytes) {
        return new BlobValue(Type.BYTES, bytes);
    }

    public static BlobValue ofJson(JsonNode json) {
        return new BlobValue(Type.JSON, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON text of a {@link Type#JSON} blob (or the bytes read as UTF-8). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

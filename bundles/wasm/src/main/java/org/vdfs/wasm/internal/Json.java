package org.vdfs.wasm.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/** JSON as the ABI speaks it: inputs parsed once, results as {@code {"ok": ...}} or {@code {"error": ...}}. */
final class Json {

    /**
     * Numbers written and read with jackson-core's Schubfach writer and fast parser rather
     * than the JDK's {@code Float.toString} and {@code Double.parseDouble}: an embedding's
     * 384 floats out and back cost ~55 instead of ~70 µs. Same JSON numbers (shortest
     * digits that read back to the same value).
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build());
    private static final byte[] OK_OPEN = "{\"ok\":".getBytes(StandardCharsets.US_ASCII);

    private Json() {
    }

    /** Parses a guest payload; malformed JSON or invalid UTF-8 is the caller's error, not ours. */
    static JsonNode parse(byte[] bytes, String what) throws OperationException {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new OperationException(ErrorCodes.INVALID_PAYLOAD, what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new OperationException(ErrorCodes.INVALID_PAYLOAD, what + " is not valid UTF-8 JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new OperationException(ErrorCodes.INVALID_PAYLOAD, what + " cannot be read: " + e.getMessage());
        }
    }

    static byte[] ok(JsonNode value) {
        try {
            byte[] v = MAPPER.writeValueAsBytes(value);
            byte[] out = new byte[OK_OPEN.length + v.length + 1];
            System.arraycopy(OK_OPEN, 0, out, 0, OK_OPEN.length);
            System.arraycopy(v, 0, out, OK_OPEN.length, v.length);
            out[out.length - 1] = '}';
            return out;
        } catch (JsonProcessingException e) {
            return error(ErrorCodes.INTERNAL, "cannot serialise the result: " + e.getOriginalMessage());
        }
    }

    static byte[] error(String code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a two-string object always serialises
        }
    }

    /** Reads a guest's {@code {"ok": v}} / {@code {"error": {...}}} result. */
    static JsonNode unwrap(byte[] result, String what) throws OperationException {
        JsonNode root;
        try {
            root = MAPPER.readTree(result);
        } catch (IOException e) {
            throw new OperationException(ErrorCodes.INTERNAL, what + " returned a result that is not JSON");
        }
        if (root != null && root.has("ok")) {
            return root.get("ok");
        }
        JsonNode error = root == null ? null : root.get("error");
        if (error != null && error.isObject()) {
            throw new OperationException(error.path("code").asText(ErrorCodes.INTERNAL),
                    error.path("message").asText(""));
        }
        throw new OperationException(ErrorCodes.INTERNAL,
                what + " returned neither {\"ok\": ...} nor {\"error\": ...}");
    }
}

package org.vdfs.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.OperationException;

/** Reads the JSON input of a store operation, with errors that say which field is wrong and how. */
public final class OperationInput {

    private final String operation;
    private final JsonNode input;

    public OperationInput(Invocation invocation) {
        this.operation = invocation.operation();
        this.input = invocation.input() == null ? NullNode.getInstance() : invocation.input();
    }

    public boolean has(String field) {
        JsonNode value = input.get(field);
        return value != null && !value.isNull();
    }

    public JsonNode node(String field) {
        return input.path(field);
    }

    public String text(String field) throws OperationException {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid("needs \"" + field + "\" as a non-empty string");
        }
        return value.asText();
    }

    public UUID uuid(String field) throws OperationException {
        String text = text(field);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid("needs \"" + field + "\" as a uuid, got `" + text + "`");
        }
    }

    public boolean flag(String field) throws OperationException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid("needs \"" + field + "\" as true or false");
        }
        return value.asBoolean();
    }

    public int integer(String field) throws OperationException {
        JsonNode value = input.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw invalid("needs \"" + field + "\" as an integer");
        }
        return value.asInt();
    }

    public Instant instant(String field) throws OperationException {
        String text = text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("needs \"" + field + "\" as an ISO-8601 instant like 2024-06-01T00:00:00Z, got `"
                    + text + "`");
        }
    }

    /**
     * Whose models the call is about: an extension always acts as itself; a host
     * caller (shell, Java) names the extension in {@code extension_id}.
     */
    public String extensionId(Caller caller) throws OperationException {
        if (caller.extension()) {
            if (has("extension_id") && !caller.id().equals(input.path("extension_id").asText())) {
                throw new OperationException(ErrorCodes.PERMISSION_DENIED, "extension `" + caller.id()
                        + "` may only use its own models, not those of `" + input.path("extension_id").asText() + "`");
            }
            return caller.id();
        }
        if (!has("extension_id")) {
            throw invalid("is called by host `" + caller.id() + "`: name the extension whose models you mean "
                    + "in \"extension_id\"");
        }
        return text("extension_id");
    }

    /** For a host caller, the extension named in the input, or {@code null} for "any". */
    public String optionalExtensionId(Caller caller) throws OperationException {
        return caller.extension() || has("extension_id") ? extensionId(caller) : null;
    }

    public OperationException invalid(String message) {
        return new OperationException(ErrorCodes.INVALID_PAYLOAD, "`" + operation + "` " + message);
    }
}

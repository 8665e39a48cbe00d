package org.vdfs.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.UUID;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.Invocation;
import org.vdfs.api.operation.OperationException;

/** Reads the JSON input of a store operation, with errors that say which field is wrong and how. */
final class OperationInput {

    private final String operation;
    private final JsonNode input;

    OperationInput(Invocation invocation) {
        this.operation = invocation.operation();
        this.input = invocation.input() == null ? NullNode.getInstance() : invocation.input();
    }

    boolean has(String field) {
        JsonNode value = input.get(field);
        return value != null && !value.isNull();
    }

    JsonNode node(String field) {
        return input.path(field);
    }

    String text(String field) throws OperationException {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid("needs \"" + field + "\" as a non-empty string");
        }
        return value.asText();
    }

    UUID uuid(String field) throws OperationException {
        String text = text(field);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid("needs \"" + field + "\" as a uuid, got `" + text + "`");
        }
    }

    boolean flag(String field) throws OperationException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid("needs \"" + field + "\" as true or false");
        }
        return value.asBoolean();
    }

    /**
     * Whose models the call is about: an extension always acts as itself; a host
     * caller (shell, Java) names the extension in {@code extension_id}.
     */
    String extensionId(Caller caller) throws OperationException {
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
    String optionalExtensionId(Caller caller) throws OperationException {
        return caller.extension() || has("extension_id") ? extensionId(caller) : null;
    }

    OperationException invalid(String message) {
        return new OperationException(ErrorCodes.INVALID_PAYLOAD, "`" + operation + "` " + message);
    }
}

package org.vdfs.shell.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.UUID;
import org.vdfs.api.operation.Caller;

/** What every command shares: who it calls as, and how it reads what the user typed. */
public final class Shell {

    /** The shell is a trusted host caller: the guard admits it, and logs name it. */
    public static final Caller CALLER = Caller.host("shell");
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Shell() {
    }

    /** Parses JSON the user typed; {@code null} or blank text is "no input". */
    public static JsonNode json(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON (" + e.getOriginalMessage()
                    + "); quote it for the shell, e.g. '{\"limit\": 10}'");
        }
    }

    /** A library id the user typed, or {@code null} (the default library) when none. */
    public static UUID library(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("`" + text + "` is not a library id (see vdfs:library-list)");
        }
    }

    public static String pretty(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return String.valueOf(node);
        }
    }
}

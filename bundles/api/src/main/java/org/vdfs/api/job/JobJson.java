package org.vdfs.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/**
 * A job record as every operation shows it ({@code jobs.*}, {@code vdfs.index}):
 * one JSON shape, whichever bundle answers.
 */
public final class JobJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobJson() {
    }

    public static ObjectNode of(JobRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", r.id().toString());
        o.put("job", r.type());
        o.put("library_id", r.libraryId() == null ? null : r.libraryId().toString());
        o.put("status", r.status().label());
        o.put("progress", r.progress());
        o.put("message", r.message());
        o.put("items", r.items());
        o.put("bytes", r.bytes());
        ArrayNode warnings = o.putArray("warnings");
        r.warnings().forEach(warnings::add);
        o.set("parameters", parse(r.parameters()));
        o.set("checkpoint", parse(r.checkpoint()));
        o.put("checkpoint_at", text(r.checkpointAt()));
        o.put("created_at", text(r.createdAt()));
        o.put("started_at", text(r.startedAt()));
        o.put("finished_at", text(r.finishedAt()));
        o.put("error", r.error());
        return o;
    }

    /** Stored states are JSON; one that is not is shown as text rather than lost. */
    private static JsonNode parse(String json) {
        try {
            return json == null ? NullNode.getInstance() : JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

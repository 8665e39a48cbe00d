package org.vdfs.guard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdfs.api.guard.AuditEntry;

/**
 * Refused calls: the newest {@code capacity} in memory for queries, every one
 * appended to {@code audit.jsonl} so the trail outlives a restart.
 */
final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int capacity;
    private final ArrayDeque<AuditEntry> recent = new ArrayDeque<>();
    private final BufferedWriter out;

    AuditTrail(Path file, int capacity) throws IOException {
        this.capacity = Math.max(1, capacity);
        Files.createDirectories(file.getParent());
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                AuditEntry e = parse(line);
                if (e != null) {
                    remember(e);
                }
            }
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (endsTorn(file)) {
            out.newLine(); // a crash cut the last line: start the next entry on a line of its own
            out.flush();
        }
    }

    synchronized void record(AuditEntry entry) {
        remember(entry);
        try {
            ObjectNode o = JSON.createObjectNode();
            o.put("time", entry.time().toString());
            o.put("extension", entry.extensionId());
            o.put("method", entry.method());
            o.put("library", entry.libraryId() == null ? null : entry.libraryId().toString());
            o.put("code", entry.code());
            o.put("reason", entry.reason());
            out.write(JSON.writeValueAsString(o));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            LOG.warn("Cannot append to the audit file: {}", e.toString());
        }
    }

    private void remember(AuditEntry entry) {
        if (recent.size() == capacity) {
            recent.removeFirst();
        }
        recent.addLast(entry);
    }

    synchronized List<AuditEntry> newest(String extensionId, int limit) {
        List<AuditEntry> result = new ArrayList<>();
        for (Iterator<AuditEntry> it = recent.descendingIterator(); it.hasNext() && result.size() < limit;) {
            AuditEntry e = it.next();
            if (extensionId == null || extensionId.equals(e.extensionId())) {
                result.add(e);
            }
        }
        return result;
    }

    private static boolean endsTorn(Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return false;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) != '\n';
        }
    }

    private static AuditEntry parse(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            String library = o.path("library").isTextual() ? o.get("library").asText() : null;
            return new AuditEntry(Instant.parse(o.path("time").asText()), o.path("extension").asText(),
                    o.path("method").asText(), library == null ? null : UUID.fromString(library),
                    o.path("code").asText(), o.path("reason").asText());
        } catch (IOException | RuntimeException e) {
            return null; // a torn last line after a crash: skip it
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}

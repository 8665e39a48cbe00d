package org.vdfs.guard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrantStoreTest {

    @TempDir
    Path dir;

    @Test
    void unknownExtensionHasNothingRevoked() {
        assertEquals(List.of(), new GrantStore(dir.resolve("grants.json")).revoked("photos"));
    }

    @Test
    void revocationsSurviveANewInstance() {
        Path file = dir.resolve("nested/guard/grants.json");
        GrantStore store = new GrantStore(file);
        store.setRevoked("photos", List.of("vdfs.", "query:ai."));
        store.setRevoked("ocr", List.of("action:"));

        GrantStore reloaded = new GrantStore(file);
        assertEquals(List.of("vdfs.", "query:ai."), reloaded.revoked("photos"));
        assertEquals(List.of("action:"), reloaded.revoked("ocr"));
    }

    @Test
    void clearingRevocationsIsPersistedToo() {
        Path file = dir.resolve("grants.json");
        new GrantStore(file).setRevoked("photos", List.of("vdfs."));
        new GrantStore(file).setRevoked("photos", List.of());
        assertEquals(List.of(), new GrantStore(file).revoked("photos"));
    }

    @Test
    void writeLeavesNoTemporaryFileBehind() throws IOException {
        GrantStore store = new GrantStore(dir.resolve("grants.json"));
        store.setRevoked("photos", List.of("vdfs."));
        store.setRevoked("photos", List.of("vdfs.", "ai."));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("grants.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void returnedListIsACopy() {
        GrantStore store = new GrantStore(dir.resolve("grants.json"));
        store.setRevoked("photos", List.of("vdfs."));
        assertThrows(UnsupportedOperationException.class, () -> store.revoked("photos").add("ai."));
        assertEquals(List.of("vdfs."), store.revoked("photos"));
    }

    @Test
    void damagedFileIsReportedNotIgnored() throws IOException {
        Path file = dir.resolve("grants.json");
        Files.writeString(file, "{ not json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new GrantStore(file));
        assertTrue(e.getMessage().contains("grants.json"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("grants.json.tmp")));
    }
}

package org.vdfs.guard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.guard.AuditEntry;
import org.vdfs.api.operation.ErrorCodes;

class AuditTrailTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final UUID LIB = UUID.fromString("0e9ad9c3-6b5a-4c5b-9a44-5a4bcd1c0a01");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("guard/audit.jsonl");
    }

    private static AuditEntry entry(int n, String extension) {
        return new AuditEntry(T0.plusSeconds(n), extension, "vdfs.m" + n, n % 2 == 0 ? LIB : null,
                ErrorCodes.PERMISSION_DENIED, "reason " + n);
    }

    private static List<String> methods(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::method).toList();
    }

    @Test
    void newestComeFirstUpToTheLimit() throws IOException {
        try (AuditTrail trail = new AuditTrail(file(), 100)) {
            for (int i = 1; i <= 4; i++) {
                trail.record(entry(i, "photos"));
            }
            assertEquals(List.of("vdfs.m4", "vdfs.m3", "vdfs.m2", "vdfs.m1"), methods(trail.newest(null, 10)));
            assertEquals(List.of("vdfs.m4", "vdfs.m3"), methods(trail.newest(null, 2)));
            assertEquals(List.of(), trail.newest(null, 0));
        }
    }

    @Test
    void filtersByExtension() throws IOException {
        try (AuditTrail trail = new AuditTrail(file(), 100)) {
            trail.record(entry(1, "photos"));
            trail.record(entry(2, "ocr"));
            trail.record(entry(3, "photos"));
            trail.record(entry(4, "ocr"));
            assertEquals(List.of("vdfs.m3", "vdfs.m1"), methods(trail.newest("photos", 10)));
            assertEquals(List.of("vdfs.m4"), methods(trail.newest("ocr", 1)));
            assertEquals(List.of(), trail.newest("nobody", 10));
        }
    }

    @Test
    void memoryKeepsOnlyTheNewestCapacityEntries() throws IOException {
        try (AuditTrail trail = new AuditTrail(file(), 3)) {
            for (int i = 1; i <= 5; i++) {
                trail.record(entry(i, "photos"));
            }
            assertEquals(List.of("vdfs.m5", "vdfs.m4", "vdfs.m3"), methods(trail.newest(null, 10)));
        }
        // ...while the file keeps every one
        assertEquals(5, Files.readAllLines(file()).size());
    }

    @Test
    void newInstanceReloadsEveryFieldFromTheFile() throws IOException {
        try (AuditTrail trail = new AuditTrail(file(), 100)) {
            trail.record(entry(1, "photos"));
            trail.record(entry(2, "ocr"));
        }
        try (AuditTrail reloaded = new AuditTrail(file(), 100)) {
            assertEquals(List.of(entry(2, "ocr"), entry(1, "photos")), reloaded.newest(null, 10));
        }
    }

    @Test
    void reloadKeepsOnlyTheNewestCapacityEntries() throws IOException {
        try (AuditTrail trail = new AuditTrail(file(), 100)) {
            for (int i = 1; i <= 5; i++) {
                trail.record(entry(i, "photos"));
            }
        }
        try (AuditTrail reloaded = new AuditTrail(file(), 2)) {
            assertEquals(List.of("vdfs.m5", "vdfs.m4"), methods(reloaded.newest(null, 10)));
        }
    }

    @Test
    void tornLastLineIsSkippedOnReload() throws IOException {
        try (AuditTrail trail = new AuditTrail(file(), 100)) {
            trail.record(entry(1, "photos"));
        }
        Files.writeString(file(), "{\"time\":\"2026-01-0", StandardOpenOption.APPEND);
        try (AuditTrail reloaded = new AuditTrail(file(), 100)) {
            assertEquals(List.of(entry(1, "photos")), reloaded.newest(null, 10));
        }
    }

    /**
     * After a crash that tore the last line, the next refusal must not be glued
     * onto the torn fragment: it would be lost at the following restart.
     */
    @Test
    void entryRecordedAfterATornLineSurvivesTheNextReload() throws IOException {
        try (AuditTrail trail = new AuditTrail(file(), 100)) {
            trail.record(entry(1, "photos"));
        }
        Files.writeString(file(), "{\"time\":\"2026-01-0", StandardOpenOption.APPEND); // crash mid-write
        try (AuditTrail afterCrash = new AuditTrail(file(), 100)) {
            afterCrash.record(entry(2, "photos"));
        }
        try (AuditTrail reloaded = new AuditTrail(file(), 100)) {
            assertEquals(List.of("vdfs.m2", "vdfs.m1"), methods(reloaded.newest(null, 10)),
                    "file now holds: " + Files.readString(file(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void blankAndGarbageLinesAreSkipped() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "\nnot json\n{\"time\":\"yesterday\"}\n");
        try (AuditTrail trail = new AuditTrail(file(), 100)) {
            assertEquals(List.of(), trail.newest(null, 10));
            trail.record(entry(1, "photos"));
            assertNull(trail.newest(null, 10).get(0).libraryId());
        }
    }
}

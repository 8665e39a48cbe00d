package org.vdfs.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;

class DisplayTest {

    @Test
    void barsAreClampedAndOfFixedWidth() {
        assertEquals("[#####-----]", Display.bar(0.5, 10));
        assertEquals("[----------]", Display.bar(-1, 10));
        assertEquals("[##########]", Display.bar(7, 10));
        assertEquals("[----------]", Display.bar(Double.NaN, 10));
        assertEquals(" 99%", Display.percent(0.999));
        assertEquals("100%", Display.percent(1));
    }

    @Test
    void bytesReadAsBinaryUnits() {
        assertEquals("0 B", Display.bytes(0));
        assertEquals("1023 B", Display.bytes(1023));
        assertEquals("1.5 KiB", Display.bytes(1536));
        assertEquals("12.0 MiB", Display.bytes(12L << 20));
    }

    @Test
    void shortensLongTextOnOneLine() {
        assertEquals("a b c", Display.shorten("a\n b\tc", 10));
        assertEquals("abcd…", Display.shorten("abcdefgh", 5));
        assertEquals("-", Display.shorten(null, 5));
        assertEquals("-", Display.list(List.of()));
        assertEquals("2024-06-01T10:00:00Z", Display.when(Instant.parse("2024-06-01T10:00:00.123Z")));
    }

    @Test
    void aProgressLineShowsBarStatusCountersAndMessage() {
        JobRecord job = new JobRecord(UUID.randomUUID(), "photos:scan", null, JobStatus.RUNNING, 0.25, "IMG_0042.jpg",
                42, 3L << 20, List.of(), null, null, null, Instant.now(), null, null, null);
        assertEquals("[########----------------------]  25%  running  42 items  3.0 MiB  IMG_0042.jpg",
                Display.progressLine(job));
    }

    @Test
    void typedJsonIsParsedOrExplained() {
        assertEquals(10, Shell.json("{\"limit\": 10}", "the input").path("limit").asInt());
        assertEquals(null, Shell.json("  ", "the input"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shell.json("{limit", "the input"));
        assertTrue(e.getMessage().startsWith("the input is not valid JSON"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shell.library("default"));
    }
}

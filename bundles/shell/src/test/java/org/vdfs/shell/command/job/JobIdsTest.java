package org.vdfs.shell.command.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;

class JobIdsTest {

    private static JobRecord job(String id) {
        return new JobRecord(UUID.fromString(id), "photos:scan", null, JobStatus.QUEUED, 0, null, 0, 0, List.of(),
                null, null, null, Instant.now(), null, null, null);
    }

    private final List<JobRecord> recent = List.of(job("1234abcd-0000-0000-0000-000000000001"),
            job("1234abce-0000-0000-0000-000000000002"), job("9999aaaa-0000-0000-0000-000000000003"));

    @Test
    void aUniquePrefixNamesAJob() {
        assertEquals(UUID.fromString("9999aaaa-0000-0000-0000-000000000003"), JobIds.resolve(recent, "9999"));
        assertEquals(UUID.fromString("1234abcd-0000-0000-0000-000000000001"), JobIds.resolve(recent, "1234abcd"));
    }

    @Test
    void anAmbiguousShortOrUnknownPrefixIsExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobIds.resolve(recent, "1234")).getMessage()
                .contains("starts 2 job ids"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobIds.resolve(recent, "12")).getMessage()
                .contains("at least its first 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobIds.resolve(recent, "ffff")).getMessage()
                .contains("no recent job id"));
    }
}

package org.vdfs.shell.command.job;

import java.util.List;
import java.util.UUID;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobRecord;

/** Reads a job id the user typed: the whole uuid, or a unique start of a recent job's id. */
public final class JobIds {

    static final int MIN_PREFIX = 4;
    static final int SEARCHED = 1000;

    private JobIds() {
    }

    public static UUID resolve(JobManager jobs, String text) {
        String typed = text.trim();
        try {
            return UUID.fromString(typed);
        } catch (IllegalArgumentException notWhole) {
            return resolve(jobs.list(null, SEARCHED), typed);
        }
    }

    static UUID resolve(List<JobRecord> recent, String typed) {
        if (typed.length() < MIN_PREFIX) {
            throw new IllegalArgumentException("`" + typed + "` is not a job id; give the id or at least its first "
                    + MIN_PREFIX + " characters (see job:list)");
        }
        List<UUID> matches = recent.stream().map(JobRecord::id).filter(id -> id.toString().startsWith(typed))
                .toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new IllegalArgumentException(matches.isEmpty() ? "no recent job id starts with `" + typed + "`"
                : "`" + typed + "` starts " + matches.size() + " job ids; type more of it");
    }
}

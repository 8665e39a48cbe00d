package org.vdfs.shell.command.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.UUID;
import org.vdfs.api.job.JobException;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.shell.command.Display;

/** Prints a job's progress until it ends or pauses; Ctrl-C (an interrupt) stops watching, not the job. */
public final class JobFollower {

    static final Duration TICK = Duration.ofMillis(500);

    private JobFollower() {
    }

    /**
     * Follows a job the user waits for.
     *
     * @throws IllegalStateException when it failed, so that the command fails too
     */
    public static void awaitEnd(JobManager jobs, UUID id, PrintStream out) throws JobException {
        JobRecord end = follow(jobs, id, out);
        if (end != null && end.status() == JobStatus.FAILED) {
            throw new IllegalStateException("job " + id + " (" + end.type() + ") failed: " + end.error());
        }
    }

    /** @return the job as it was last seen, or {@code null} when watching was interrupted */
    public static JobRecord follow(JobManager jobs, UUID id, PrintStream out) throws JobException {
        String last = null;
        try {
            while (true) {
                // Returns at the end of the tick, or at once when the job ends or pauses.
                JobRecord job = jobs.await(id, TICK);
                String line = Display.progressLine(job);
                if (!line.equals(last)) {
                    out.println(line);
                    last = line;
                }
                if (job.status().isFinal() || job.status() == JobStatus.PAUSED) {
                    return job;
                }
            }
        } catch (InterruptedException e) {
            out.println("Stopped watching; job " + id + " goes on (job:watch " + id + ")");
            return null;
        }
    }
}

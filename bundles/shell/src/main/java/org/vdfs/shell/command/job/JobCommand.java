package org.vdfs.shell.command.job;

import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.vdfs.api.job.JobManager;
import org.vdfs.shell.command.completers.JobIdCompleter;

/** A {@code job:} command about one job, named by its id or the id's first characters. */
abstract class JobCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The job id, or its first characters")
    @Completion(JobIdCompleter.class)
    String id;

    @Reference
    JobManager jobs;

    UUID jobId() {
        return JobIds.resolve(jobs, id);
    }
}

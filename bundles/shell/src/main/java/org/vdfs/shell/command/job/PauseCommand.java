package org.vdfs.shell.command.job;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.job.JobRecord;
import org.vdfs.shell.command.Display;

@Command(scope = "job", name = "pause", description = "Asks a running job to checkpoint and stop; a queued job is paused at once.")
@Service
public class PauseCommand extends JobCommand {

    @Override
    public Object execute() throws Exception {
        JobRecord job = jobs.pause(jobId());
        System.out.println("Job " + job.id() + ": " + Display.progressLine(job));
        return null;
    }
}

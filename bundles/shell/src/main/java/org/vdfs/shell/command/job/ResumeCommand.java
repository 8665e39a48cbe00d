package org.vdfs.shell.command.job;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.job.JobRecord;
import org.vdfs.shell.command.Display;

@Command(scope = "job", name = "resume", description = "Queues a paused job again; it continues from its last checkpoint.")
@Service
public class ResumeCommand extends JobCommand {

    @Override
    public Object execute() throws Exception {
        JobRecord job = jobs.resume(jobId());
        System.out.println("Job " + job.id() + ": " + Display.progressLine(job));
        return null;
    }
}

package org.vdfs.shell.command.job;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.job.JobRecord;
import org.vdfs.shell.command.Display;

@Command(scope = "job", name = "cancel", description = "Stops a job for good; its record is kept.")
@Service
public class CancelCommand extends JobCommand {

    @Override
    public Object execute() throws Exception {
        JobRecord job = jobs.cancel(jobId());
        System.out.println("Job " + job.id() + ": " + Display.progressLine(job));
        return null;
    }
}

package org.vdfs.shell.command.job;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobRecord;
import org.vdfs.shell.command.Shell;
import org.vdfs.shell.command.completers.JobTypeCompleter;

@Command(scope = "job", name = "run", description = "Queues a job; with --wait, shows its progress until it ends"
        + " (Ctrl-C stops waiting, not the job).")
@Service
public class RunCommand implements Action {

    @Argument(index = 0, name = "job", required = true, description = "The job, <extension>:<name>"
            + " (e.g. test-extension:count) or core:index_location")
    @Completion(JobTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "json", description = "Its parameters as JSON, quoted for the shell")
    String json;

    @Option(name = "-w", aliases = "--wait", description = "Wait for the job to end, showing its progress")
    boolean await;

    @Option(name = "-l", aliases = "--library", description = "The library id (default: the default library)")
    String library;

    @Reference
    JobManager jobs;

    @Override
    public Object execute() throws Exception {
        JobRecord job = jobs.dispatch(type, Shell.library(library), Shell.json(json, "the parameters"));
        System.out.println("Queued job " + job.id() + " (" + job.type() + ")");
        if (await) {
            JobFollower.awaitEnd(jobs, job.id(), System.out);
        }
        return null;
    }
}

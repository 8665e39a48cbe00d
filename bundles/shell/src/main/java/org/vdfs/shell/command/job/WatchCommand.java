package org.vdfs.shell.command.job;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "job", name = "watch", description = "Shows a job's progress, a line whenever it changes (checked"
        + " every half second), until the job ends or pauses; Ctrl-C stops watching, not the job.")
@Service
public class WatchCommand extends JobCommand {

    @Override
    public Object execute() throws Exception {
        JobFollower.follow(jobs, jobId(), System.out);
        return null;
    }
}

package org.vdfs.shell.command.completers;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.vdfs.api.job.JobManager;

/** Completes the ids of the most recent jobs. */
@Service
public class JobIdCompleter implements Completer {

    static final int RECENT = 200;

    @Reference
    JobManager jobs;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        jobs.list(null, RECENT).forEach(j -> ids.getStrings().add(j.id().toString()));
        return ids.complete(session, commandLine, candidates);
    }
}

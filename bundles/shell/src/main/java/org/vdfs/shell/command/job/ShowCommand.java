package org.vdfs.shell.command.job;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.job.JobRecord;
import org.vdfs.shell.command.Display;

@Command(scope = "job", name = "show", description = "Shows one job: status, progress, counters, warnings,"
        + " parameters and last checkpoint.")
@Service
public class ShowCommand extends JobCommand {

    @Override
    public Object execute() {
        JobRecord j = jobs.get(jobId()).orElseThrow(() -> new IllegalArgumentException("no job " + id));
        PrintStream out = System.out;
        out.println("Job " + j.id() + " (" + j.type() + ")");
        out.println("  " + Display.progressLine(j));
        out.println("  library          " + Display.orDash(j.libraryId()));
        out.println("  items / bytes    " + j.items() + " / " + Display.bytes(j.bytes()));
        out.println("  created          " + Display.when(j.createdAt()));
        out.println("  started          " + Display.when(j.startedAt()));
        out.println("  finished         " + Display.when(j.finishedAt()));
        out.println("  error            " + Display.orDash(j.error()));
        out.println("  parameters       " + Display.orDash(j.parameters()));
        out.println("  checkpoint       " + Display.orDash(j.checkpoint()) + (j.checkpointAt() == null ? ""
                : " (at " + Display.when(j.checkpointAt()) + ")"));
        out.println("  warnings         " + (j.warnings().isEmpty() ? "-" : ""));
        j.warnings().forEach(w -> out.println("    " + w));
        return null;
    }
}

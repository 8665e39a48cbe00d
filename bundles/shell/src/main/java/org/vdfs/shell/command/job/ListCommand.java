package org.vdfs.shell.command.job;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobRecord;
import org.vdfs.shell.command.Display;
import org.vdfs.shell.command.completers.ExtensionIdCompleter;

@Command(scope = "job", name = "list", description = "Lists jobs, newest first.")
@Service
public class ListCommand implements Action {

    @Option(name = "-o", aliases = "--owner", description = "Only jobs of this extension (or core)")
    @Completion(ExtensionIdCompleter.class)
    String owner;

    @Option(name = "-n", aliases = "--max", description = "At most this many (default 50)")
    int max = 50;

    @Reference
    JobManager jobs;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable().emptyTableText("No jobs.");
        table.column("ID");
        table.column("Job");
        table.column("Status");
        table.column("Progress").alignRight();
        table.column("Created");
        table.column("Message");
        for (JobRecord j : jobs.list(owner, max)) {
            table.addRow().addContent(j.id(), j.type(), j.status().label(), Display.percent(j.progress()),
                    Display.when(j.createdAt()), Display.shorten(j.error() != null ? j.error() : j.message(), 60));
        }
        table.print(System.out);
        return null;
    }
}

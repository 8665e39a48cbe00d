package org.vdfs.shell.command.extension;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vdfs.api.guard.AuditEntry;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.shell.command.Display;
import org.vdfs.shell.command.completers.ExtensionIdCompleter;

@Command(scope = "ext", name = "audit", description = "Shows refused calls (permission denied, rate limited),"
        + " newest first.")
@Service
public class AuditCommand implements Action {

    @Argument(index = 0, name = "id", description = "Only this extension's refusals")
    @Completion(ExtensionIdCompleter.class)
    String id;

    @Option(name = "-n", aliases = "--max", description = "At most this many entries (default 20)")
    int max = 20;

    @Reference
    PermissionGuard guard;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable().emptyTableText("No call was refused.");
        table.column("Time");
        table.column("Extension");
        table.column("Method");
        table.column("Library");
        table.column("Code");
        table.column("Reason").maxSize(100).wrap();
        for (AuditEntry e : guard.audit(id, max)) {
            table.addRow().addContent(Display.when(e.time()), e.extensionId(), e.method(), Display.orDash(e.libraryId()),
                    e.code(), e.reason());
        }
        table.print(System.out);
        return null;
    }
}

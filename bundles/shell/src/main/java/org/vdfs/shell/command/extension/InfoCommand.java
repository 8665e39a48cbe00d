package org.vdfs.shell.command.extension;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionManifest;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.ExtensionStats;
import org.vdfs.api.extension.JobDefinition;
import org.vdfs.api.guard.GrantState;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobRecord;
import org.vdfs.shell.command.Display;
import org.vdfs.shell.command.completers.ExtensionIdCompleter;

@Command(scope = "ext", name = "info", description = "Shows one extension: manifest, requested and revoked "
        + "permissions, jobs, operations and counters.")
@Service
public class InfoCommand implements Action {

    /** Audit entries counted as "recent denials". */
    static final int DENIALS_WINDOW = 1000;

    @Argument(index = 0, name = "id", required = true, description = "The extension id")
    @Completion(ExtensionIdCompleter.class)
    String id;

    @Reference
    ExtensionRegistry extensions;
    @Reference
    PermissionGuard guard;
    @Reference
    JobManager jobs;

    @Override
    public Object execute() {
        ExtensionInfo info = extensions.find(id).orElseThrow(
                () -> new IllegalArgumentException("no extension `" + id + "` is installed (see ext:list)"));
        PrintStream out = System.out;
        ExtensionManifest m = info.manifest();
        out.println(m.name() + " (" + m.id() + ") " + m.version());
        out.println("  state            " + info.state().name().toLowerCase()
                + (info.error() == null ? "" : ": " + info.error()));
        out.println("  bundle           " + info.bundleId());
        out.println("  description      " + Display.orDash(m.description()));
        out.println("  author           " + Display.orDash(m.author()));
        out.println("  homepage         " + Display.orDash(m.homepage()));
        out.println("  module           " + Display.orDash(m.wasmFile()));
        out.println("  min core version " + Display.orDash(m.minCoreVersion()));
        out.println();

        GrantState grants = guard.grants(id);
        ShellTable permissions = new ShellTable().emptyTableText("It requests no methods.");
        permissions.column("Requested method prefix");
        permissions.column("Now");
        for (String prefix : m.permissions().methods()) {
            permissions.addRow().addContent(prefix, grants.revoked().contains(prefix) ? "revoked" : "granted");
        }
        for (String revoked : grants.revoked()) {
            if (!m.permissions().methods().contains(revoked)) {
                permissions.addRow().addContent(revoked, "revoked (narrows a request)");
            }
        }
        permissions.print(out);
        ExtensionText.printPermissions(out, info);
        out.println("  entry scope now  " + guard.entryScope(org.vdfs.api.operation.Caller.extension(id)).describe()
                + " (with the operator's folders, org.vdfs.guard.scope)");
        out.println();

        out.println("Operations: " + Display.list(info.operations()));
        ShellTable jobTable = new ShellTable().emptyTableText("It registered no jobs.");
        jobTable.column("Job");
        jobTable.column("Export");
        jobTable.column("Resumable");
        for (JobDefinition j : info.jobs()) {
            jobTable.addRow().addContent(j.fullName(), j.export(), j.resumable() ? "yes" : "no");
        }
        jobTable.print(out);
        var recent = jobs.list(id, 5);
        if (!recent.isEmpty()) {
            out.println("Recent runs:");
            for (JobRecord r : recent) {
                out.println("  " + r.id() + "  " + r.type() + "  " + Display.progressLine(r));
            }
        }
        out.println();

        ExtensionStats s = info.stats();
        out.println("Counters since start:");
        out.println("  host calls       " + s.hostCalls() + " (" + s.failedHostCalls() + " failed)");
        out.println("  invocations      " + s.invocations());
        out.println("  traps            " + s.traps());
        out.println("  denials          " + guard.audit(id, DENIALS_WINDOW).size() + " (see ext:audit " + id + ")");
        out.println("  instances        " + s.instances() + ", " + Display.bytes(s.memoryBytes()) + " of memory, "
                + (s.compiled() ? "compiled" : "interpreted"));
        return null;
    }
}

package org.vdfs.shell.command.extension;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.shell.command.Display;

@Command(scope = "ext", name = "list", description = "Lists installed extensions: state, version, bundle, what they provide.")
@Service
public class ListCommand implements Action {

    @Reference
    ExtensionRegistry extensions;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable().emptyTableText("No extension is installed (see ext:install, or drop one into deploy/)");
        table.column("ID");
        table.column("Version");
        table.column("State");
        table.column("Bundle").alignRight();
        table.column("Operations").alignRight();
        table.column("Jobs").alignRight();
        table.column("Name / problem");
        for (ExtensionInfo e : extensions.list()) {
            table.addRow().addContent(e.id(), e.manifest().version(), e.state().name().toLowerCase(), e.bundleId(),
                    e.operations().size(), e.jobs().size(),
                    e.error() == null ? e.manifest().name() : Display.shorten(e.error(), 80));
        }
        table.print(System.out);
        return null;
    }
}

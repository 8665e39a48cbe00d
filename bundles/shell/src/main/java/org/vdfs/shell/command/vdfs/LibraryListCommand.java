package org.vdfs.shell.command.vdfs;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "vdfs", name = "library-list", description = "Lists the libraries, each its own database.")
@Service
public class LibraryListCommand extends LibraryCommand {

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Default");
        table.column("Open");
        table.column("Created");
        for (JsonNode l : call("vdfs.library_list", null)) {
            table.addRow().addContent(text(l, "id"), text(l, "name"), l.path("default").asBoolean() ? "yes" : "",
                    l.path("open").asBoolean() ? "yes" : "no", text(l, "created_at"));
        }
        table.print(System.out);
        return null;
    }
}

package org.vdfs.shell.command.vdfs;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "vdfs", name = "location-list", description = "Lists the locations (indexed folders) of a library.")
@Service
public class LocationListCommand extends LibraryCommand {

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable().emptyTableText("No locations (see vdfs:location-add).");
        table.column("ID");
        table.column("Path");
        table.column("Entries").alignRight();
        table.column("Added");
        for (JsonNode l : call("vdfs.location_list", null)) {
            table.addRow().addContent(text(l, "uuid"), text(l, "path"), l.path("entries").asLong(),
                    text(l, "created_at"));
        }
        table.print(System.out);
        return null;
    }
}

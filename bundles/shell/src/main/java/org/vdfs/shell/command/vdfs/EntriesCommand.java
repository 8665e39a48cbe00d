package org.vdfs.shell.command.vdfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vdfs.shell.command.Display;
import org.vdfs.shell.command.Shell;
import org.vdfs.shell.command.completers.LocationCompleter;

@Command(scope = "vdfs", name = "entries", description = "Lists indexed entries, ordered by location and path.")
@Service
public class EntriesCommand extends LibraryCommand {

    @Option(name = "--location", description = "Only this location's entries (its id)")
    @Completion(LocationCompleter.class)
    String location;

    @Option(name = "-k", aliases = "--kind", description = "Only this kind: file, directory, symlink, or a content"
            + " kind (image, video, audio, document, text, archive, unknown)")
    String kind;

    @Option(name = "-n", aliases = "--max", description = "At most this many (default 100)")
    int max = 100;

    @Option(name = "--offset", description = "Skip this many first")
    int offset;

    @Override
    public Object execute() throws Exception {
        ObjectNode query = Shell.JSON.createObjectNode().put("limit", max).put("offset", offset);
        if (location != null) {
            query.put("in_location", location);
        }
        if (kind != null) {
            query.put("of_kind", kind);
        }
        ShellTable table = new ShellTable().emptyTableText("No entries (see vdfs:location-add and vdfs:index).");
        table.column("Path");
        table.column("Kind");
        table.column("Size").alignRight();
        table.column("Content");
        table.column("Content id");
        for (JsonNode e : call("vdfs.query_entries", query)) {
            table.addRow().addContent(text(e, "path"), text(e, "kind"),
                    "file".equals(text(e, "kind")) ? Display.bytes(e.path("size_bytes").asLong()) : "",
                    text(e, "content_kind"), text(e, "content_uuid"));
        }
        table.print(System.out);
        return null;
    }
}

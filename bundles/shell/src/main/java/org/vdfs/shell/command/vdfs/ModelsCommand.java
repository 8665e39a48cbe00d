package org.vdfs.shell.command.vdfs;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vdfs.shell.command.Display;
import org.vdfs.shell.command.Shell;
import org.vdfs.shell.command.completers.ExtensionIdCompleter;

@Command(scope = "vdfs", name = "models", description = "Lists an extension's models of one type, oldest first"
        + " (inline data only; blobs are not loaded).")
@Service
public class ModelsCommand extends LibraryCommand {

    @Argument(index = 0, name = "extension", required = true, description = "The extension whose models to list")
    @Completion(ExtensionIdCompleter.class)
    String extension;

    @Argument(index = 1, name = "type", required = true, description = "The model type, e.g. person or album")
    String type;

    @Override
    public Object execute() throws Exception {
        JsonNode models = call("vdfs.query_models", Shell.JSON.createObjectNode().put("extension_id", extension)
                .put("model_type", type).put("select_inline_only", true));
        ShellTable table = new ShellTable().emptyTableText("`" + extension + "` has no models of type " + type + ".");
        table.column("ID");
        table.column("Scope");
        table.column("Attached to");
        table.column("Updated");
        table.column("Data");
        for (JsonNode m : models) {
            String target = m.has("content_uuid") ? "content " + text(m, "content_uuid")
                    : m.has("entry_uuid") ? "entry " + text(m, "entry_uuid") : "-";
            table.addRow().addContent(text(m, "uuid"), text(m, "scope"), target, text(m, "updated_at"),
                    Display.shorten(m.path("data").toString(), 60));
        }
        table.print(System.out);
        return null;
    }
}

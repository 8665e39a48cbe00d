package org.vdfs.shell.command.vdfs;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.shell.command.Shell;

@Command(scope = "vdfs", name = "library-create", description = "Creates a library: an empty database with the core schema.")
@Service
public class LibraryCreateCommand extends LibraryCommand {

    @Argument(index = 0, name = "name", required = true, description = "The library's name")
    String name;

    @Override
    public Object execute() throws Exception {
        JsonNode l = call("vdfs.library_create", Shell.JSON.createObjectNode().put("name", name));
        System.out.println("Created library " + text(l, "name") + " (" + text(l, "id") + ")");
        return null;
    }
}

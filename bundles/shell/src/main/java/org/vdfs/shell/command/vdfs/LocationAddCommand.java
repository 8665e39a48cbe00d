package org.vdfs.shell.command.vdfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Paths;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.vdfs.shell.command.Shell;

@Command(scope = "vdfs", name = "location-add", description = "Adds a folder to a library as a location;"
        + " vdfs:index indexes it.")
@Service
public class LocationAddCommand extends LibraryCommand {

    @Argument(index = 0, name = "path", required = true, description = "The folder (relative paths are taken from"
            + " the container's working directory)")
    @Completion(FileCompleter.class)
    String path;

    @Override
    public Object execute() throws Exception {
        String absolute = Paths.get(path).toAbsolutePath().normalize().toString();
        JsonNode l = call("vdfs.location_add", Shell.JSON.createObjectNode().put("path", absolute));
        System.out.println("Added location " + text(l, "path") + " (" + text(l, "uuid") + "); index it with"
                + " vdfs:index " + text(l, "uuid"));
        return null;
    }
}

package org.vdfs.shell.command.completers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.shell.command.Shell;

/** Completes the locations of the default library, by id and by path. */
@Service
public class LocationCompleter implements Completer {

    @Reference
    OperationRegistry operations;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter locations = new StringsCompleter();
        try {
            for (JsonNode l : operations.call(Shell.CALLER, "vdfs.location_list", null, null)) {
                locations.getStrings().add(l.path("uuid").asText());
                locations.getStrings().add(l.path("path").asText());
            }
        } catch (OperationException e) {
            return -1; // no store running: nothing to offer
        }
        return locations.complete(session, commandLine, candidates);
    }
}

package org.vdfs.shell.command.vdfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.job.JobManager;
import org.vdfs.shell.command.Shell;
import org.vdfs.shell.command.completers.LocationCompleter;
import org.vdfs.shell.command.job.JobFollower;

@Command(scope = "vdfs", name = "index", description = "Indexes a location as a job (new, changed, moved and"
        + " deleted files); with --wait, shows its progress until it ends.")
@Service
public class IndexCommand extends LibraryCommand {

    @Argument(index = 0, name = "location", required = true, description = "The location's id or its path")
    @Completion(LocationCompleter.class)
    String location;

    @Option(name = "-w", aliases = "--wait", description = "Wait for the indexing job to end, showing its progress")
    boolean await;

    @Reference
    JobManager jobs;

    @Override
    public Object execute() throws Exception {
        JsonNode job = call("vdfs.index", Shell.JSON.createObjectNode().put("location_id", locationId()));
        UUID id = UUID.fromString(job.path("id").asText());
        System.out.println("Indexing as job " + id);
        if (await) {
            JobFollower.awaitEnd(jobs, id, System.out);
        }
        return null;
    }

    /** The id of the location named by id or by path. */
    private String locationId() throws Exception {
        for (JsonNode l : call("vdfs.location_list", null)) {
            if (location.equals(l.path("uuid").asText()) || location.equals(l.path("path").asText())) {
                return l.path("uuid").asText();
            }
        }
        throw new IllegalArgumentException("the library has no location `" + location + "` (see vdfs:location-list)");
    }
}

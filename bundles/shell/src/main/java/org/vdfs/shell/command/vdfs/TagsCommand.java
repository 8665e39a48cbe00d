package org.vdfs.shell.command.vdfs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.shell.command.Shell;

@Command(scope = "vdfs", name = "tags", description = "Lists the tags of some content; every entry holding that"
        + " content shows them.")
@Service
public class TagsCommand extends LibraryCommand {

    @Argument(index = 0, name = "content-uuid", required = true, description = "The content id (see vdfs:entries)")
    String content;

    @Override
    public Object execute() throws Exception {
        var tags = call("vdfs.tags", Shell.JSON.createObjectNode().put("content_uuid", content)).path("tags");
        if (tags.isEmpty()) {
            System.out.println("No tags on content " + content);
        }
        tags.forEach(t -> System.out.println(t.asText()));
        return null;
    }
}

package org.vdfs.shell.command.extension;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.shell.command.completers.ExtensionIdCompleter;

@Command(scope = "ext", name = "grant", description = "Allows again a method prefix you revoked; a grant cannot go"
        + " beyond what the extension's manifest requests.")
@Service
public class GrantCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The extension id")
    @Completion(ExtensionIdCompleter.class)
    String id;

    @Argument(index = 1, name = "prefix", required = true, description = "A method prefix, dotted (vdfs.) or wire"
            + " form (query:vdfs.)")
    String prefix;

    @Reference
    PermissionGuard guard;

    @Override
    public Object execute() throws Exception {
        GrantText.print(guard.grant(id, prefix));
        return null;
    }
}

package org.vdfs.shell.command.extension;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.shell.command.completers.ExtensionIdCompleter;

@Command(scope = "ext", name = "revoke", description = "Withdraws a method prefix from an extension at once;"
        + " the revocation survives restarts and upgrades.")
@Service
public class RevokeCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The extension id")
    @Completion(ExtensionIdCompleter.class)
    String id;

    @Argument(index = 1, name = "prefix", required = true, description = "A method prefix, dotted (vdfs.write_) or"
            + " wire form (action:vdfs.)")
    String prefix;

    @Reference
    PermissionGuard guard;

    @Override
    public Object execute() throws Exception {
        GrantText.print(guard.revoke(id, prefix));
        return null;
    }
}

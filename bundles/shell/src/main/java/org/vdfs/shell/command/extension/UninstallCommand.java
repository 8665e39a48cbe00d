package org.vdfs.shell.command.extension;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.shell.command.completers.ExtensionIdCompleter;

@Command(scope = "ext", name = "uninstall", description = "Stops an extension and removes its bundle. Its models"
        + " and tables in the libraries, and its job records, stay.")
@Service
public class UninstallCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The extension id")
    @Completion(ExtensionIdCompleter.class)
    String id;

    @Option(name = "--purge", aliases = "-p", description = "Also delete its grant record (the method prefixes you"
            + " revoked), so that installing it again grants everything its manifest requests")
    boolean purge;

    @Reference
    ExtensionInstaller installer;
    @Reference
    PermissionGuard guard;

    @Override
    public Object execute() throws Exception {
        installer.uninstall(id);
        System.out.println("Uninstalled `" + id + "`");
        if (purge) {
            guard.forget(id);
            System.out.println("Deleted its grant record");
        }
        return null;
    }
}

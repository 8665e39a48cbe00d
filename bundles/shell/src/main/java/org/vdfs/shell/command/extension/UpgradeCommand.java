package org.vdfs.shell.command.extension;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.deploy.packages.LocalPackage;
import org.vdfs.shell.command.completers.ExtensionIdCompleter;
import org.vdfs.wasm.packaging.ExtensionPackages;

@Command(scope = "ext", name = "upgrade", description = "Upgrades an installed extension from a package with the"
        + " same id: same bundle, data and jobs kept; if the new version fails to start, the old one is put back.")
@Service
public class UpgradeCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The installed extension's id")
    @Completion(ExtensionIdCompleter.class)
    String id;

    @Argument(index = 1, name = "package", required = true, description = "A path or URL of the new package")
    String location;

    @Reference
    ExtensionRegistry extensions;
    @Reference
    ExtensionInstaller installer;

    @Override
    public Object execute() throws Exception {
        ExtensionInfo before = extensions.find(id).orElseThrow(() -> new IllegalArgumentException(
                "no extension `" + id + "` is installed; use ext:install for a new one"));
        try (LocalPackage pkg = LocalPackage.open(location)) {
            String packageId = ExtensionPackages.extensionId(pkg.path());
            if (!packageId.equals(id)) {
                throw new IllegalArgumentException(location + " holds extension `" + packageId + "`, not `" + id + "`");
            }
            ExtensionInfo after = installer.install(pkg.path());
            System.out.println("Upgraded `" + id + "` from " + before.manifest().version() + " to "
                    + ExtensionText.summary(after));
        }
        return null;
    }
}

package org.vdfs.shell.command.extension;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.deploy.packages.LocalPackage;

@Command(scope = "ext", name = "install", description = "Installs an extension package and starts it; "
        + "an installed extension with the same id is upgraded in place.")
@Service
public class InstallCommand implements Action {

    @Argument(index = 0, name = "package", required = true, description = "A path or URL of the package: a .wasm"
            + " (manifest embedded, or manifest.json beside it), a folder with manifest.json and the module,"
            + " or a zip archive (file:, http:, mvn: URLs work)")
    String location;

    @Reference
    ExtensionInstaller installer;

    @Override
    public Object execute() throws Exception {
        try (LocalPackage pkg = LocalPackage.open(location)) {
            ExtensionInfo info = installer.install(pkg.path());
            System.out.println("Installed " + ExtensionText.summary(info));
            ExtensionText.printPermissions(System.out, info);
        }
        return null;
    }
}

package org.vdfs.wasm.packaging;

import java.nio.file.Path;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.wasm.internal.ExtensionBundle;
import org.vdfs.wasm.internal.ExtensionPackage;

/**
 * Reads an extension package (a {@code .wasm} with its manifest embedded or
 * beside it, a folder, or a zip archive) and wraps it into the bundle the
 * runtime expects, the same one {@code ext:install} would install.
 */
public final class ExtensionPackages {

    private ExtensionPackages() {
    }

    /**
     * The bundle jar for a package: {@code Bundle-SymbolicName} is the extension id,
     * the manifest is the jar's first entry.
     *
     * @throws ExtensionException naming what is wrong with the package
     */
    public static byte[] toBundle(Path packagePath) throws ExtensionException {
        return ExtensionBundle.build(ExtensionPackage.read(packagePath));
    }

    /** The id the package's manifest declares. */
    public static String extensionId(Path packagePath) throws ExtensionException {
        return ExtensionPackage.read(packagePath).manifest().id();
    }
}

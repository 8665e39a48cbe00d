package org.vdfs.api.extension;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns an extension package into an installed, started bundle. A package is
 * a {@code .wasm} with an embedded {@code spacedrive.manifest} section, a
 * {@code .wasm} with a {@code manifest.json} beside it (or a folder holding
 * both), or a zip archive holding {@code manifest.json} and the module.
 */
@ProviderType
public interface ExtensionInstaller {

    /**
     * Installs and starts the package; if an extension with the same id is
     * installed, upgrades it in place.
     *
     * @throws ExtensionException naming the problem; nothing stays installed
     */
    ExtensionInfo install(Path packagePath) throws ExtensionException;

    /** Stops and removes an extension's bundle. */
    void uninstall(String extensionId) throws ExtensionException;
}

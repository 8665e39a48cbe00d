package org.vdfs.api.extension;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The extensions the runtime knows of: running, starting or failed. */
@ProviderType
public interface ExtensionRegistry {

    /** The OSGi bundle header that marks a bundle as an extension; its value is the package folder inside the bundle. */
    String EXTENSION_HEADER = "Vdfs-Extension";

    List<ExtensionInfo> list();

    Optional<ExtensionInfo> find(String extensionId);
}

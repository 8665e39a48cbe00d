/** Extensions: manifests, their runtime state, and installing packages. */
@Export
@Version("1.1.0")
package org.vdfs.api.extension;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

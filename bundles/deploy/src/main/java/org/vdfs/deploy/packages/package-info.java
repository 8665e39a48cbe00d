/** Extension packages named by a URL or a path, made local so the runtime can read them. */
@Export
@Version("1.0.0")
package org.vdfs.deploy.packages;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The VDFS store: libraries (one database each), content identities, extension
 * models with deduplicated blob fields, tags and collections.
 */
@Export
@Version("1.4.0")
package org.vdfs.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

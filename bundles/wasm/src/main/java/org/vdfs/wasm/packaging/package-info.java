/**
 * Extension packages as bundles, for the bundles that install them by other
 * routes than the runtime's own installer (the deployer's {@code sdext:} URLs).
 */
@Export
@Version("1.0.0")
package org.vdfs.wasm.packaging;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

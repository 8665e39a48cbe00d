/** Operations: named units of work in the one registry that WASM guests, the shell and HTTP all call. */
@Export
@Version("1.2.0")
package org.vdfs.api.operation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

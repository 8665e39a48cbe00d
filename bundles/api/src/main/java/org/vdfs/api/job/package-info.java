/** Jobs: durable, resumable, observable units of work run by the job manager, in WASM extensions or in Java. */
@Export
@Version("1.1.0")
package org.vdfs.api.job;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

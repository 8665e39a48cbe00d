/** The permission guard: who may call what, within which limits, and the audit trail of refusals. */
@Export
@Version("1.1.0")
package org.vdfs.api.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

package org.vdfs.api.extension;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that must be ready before an extension runs, and can veto its start.
 * The extension runtime calls every registered participant (an OSGi service)
 * after reading an extension's package and before instantiating its module, on
 * install, on upgrade and whenever the extension's bundle starts. A participant
 * that throws keeps the extension from starting: the extension is listed as
 * failed with the participant's message, and the installer refuses the package
 * (or, on upgrade, puts the previous version back and starts it, which calls the
 * participants again for the previous version).
 *
 * <p>The store is one: it runs the extension's SQL migrations here, so that a
 * failing migration fails the install instead of surfacing at the first query.
 */
@ConsumerType
public interface ExtensionStartParticipant {

    /**
     * The extension is about to start.
     *
     * @param extensionId the id from the extension's manifest
     * @param bundleId    the bundle that carries its package (under the folder its
     *                    {@value ExtensionRegistry#EXTENSION_HEADER} header names)
     * @throws ExtensionException to keep it from starting; the message says why
     */
    void starting(String extensionId, long bundleId) throws ExtensionException;
}

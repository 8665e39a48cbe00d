package org.vdfs.deploy.internal;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.fileinstall.ArtifactListener;
import org.apache.felix.fileinstall.ArtifactUrlTransformer;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets FileInstall take extension packages in Karaf's {@code deploy/} folder:
 * a dropped package is installed as the bundle its {@code sdext:} URL yields,
 * a replaced one updates that bundle, a deleted one is uninstalled.
 */
@Component(service = { ArtifactUrlTransformer.class, ArtifactListener.class })
public class ExtensionDeployer implements ArtifactUrlTransformer {

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionDeployer.class);
    /** A file unchanged this long is not being copied any more: if it is still refused, say why once. */
    static final long SETTLED_MILLIS = 5_000;

    /** File → size and time of the version already reported, so that each bad version is logged once. */
    private final Map<Path, String> reported = new ConcurrentHashMap<>();

    @Override
    public boolean canHandle(File artifact) {
        Path file = artifact.toPath();
        if (!DroppedPackage.isCandidate(file)) {
            return false;
        }
        String problem = DroppedPackage.problem(file);
        if (problem == null) {
            reported.remove(file);
            return true;
        }
        long modified = artifact.lastModified();
        String version = artifact.length() + "@" + modified;
        if (System.currentTimeMillis() - modified > SETTLED_MILLIS && !version.equals(reported.put(file, version))) {
            LOG.error("Not deploying {}: it {}", artifact, problem);
        }
        return false;
    }

    @Override
    public URL transform(URL artifact) throws Exception {
        return new URL(ExtensionUrlHandler.PROTOCOL + ":" + artifact);
    }
}

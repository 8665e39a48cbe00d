package org.vdfs.ai.internal.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

/**
 * Files of an extension's package: its bundle carries the whole package under
 * the folder its {@value ExtensionRegistry#EXTENSION_HEADER} header names, so
 * {@code prompts/} and bundled models are read from there, on demand; an
 * upgrade (a new bundle revision) is seen at the next read.
 */
final class ExtensionFiles {

    private final BundleContext context;

    ExtensionFiles(BundleContext context) {
        this.context = context;
    }

    /**
     * @param relative a path inside the package ({@code prompts/summary.jinja}); checked to stay inside
     */
    Optional<byte[]> read(ExtensionInfo extension, String relative) throws OperationException {
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("..") || relative.contains("\\")) {
            throw new OperationException(ErrorCodes.INVALID_PAYLOAD, "`" + relative + "` is not a path inside the package");
        }
        Bundle bundle = context.getBundle(extension.bundleId());
        if (bundle == null) {
            throw new OperationException(ErrorCodes.UNAVAILABLE, "the bundle of extension `" + extension.id() + "` is gone");
        }
        String folder = bundle.getHeaders().get(ExtensionRegistry.EXTENSION_HEADER);
        String root = folder == null || folder.isBlank() ? "extension/" : folder.endsWith("/") ? folder : folder + "/";
        URL url = bundle.getEntry(root + relative);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new OperationException(ErrorCodes.INTERNAL, "cannot read " + relative + " of extension `"
                    + extension.id() + "`: " + e.getMessage(), e);
        }
    }
}

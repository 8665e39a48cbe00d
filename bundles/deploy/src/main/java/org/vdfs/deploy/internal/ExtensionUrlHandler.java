package org.vdfs.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.url.AbstractURLStreamHandlerService;
import org.osgi.service.url.URLConstants;
import org.osgi.service.url.URLStreamHandlerService;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.deploy.packages.LocalPackage;
import org.vdfs.wasm.packaging.ExtensionPackages;

/**
 * {@code sdext:<url of a package>}, like Karaf's {@code wrap:}: reading it yields
 * the bundle the package becomes, so {@code bundle:install sdext:file:/x/photos.wasm}
 * and the deploy folder install extensions through the ordinary bundle lifecycle.
 */
@Component(service = URLStreamHandlerService.class,
        property = URLConstants.URL_HANDLER_PROTOCOL + "=" + ExtensionUrlHandler.PROTOCOL)
public class ExtensionUrlHandler extends AbstractURLStreamHandlerService {

    static final String PROTOCOL = "sdext";

    @Override
    public URLConnection openConnection(URL url) {
        return new BundleConnection(url);
    }

    /** The package behind the URL, converted once on connect. */
    static final class BundleConnection extends URLConnection {

        private byte[] jar;

        BundleConnection(URL url) {
            super(url);
        }

        @Override
        public void connect() throws IOException {
            if (jar != null) {
                return;
            }
            String inner = url.toExternalForm().substring(PROTOCOL.length() + 1);
            if (inner.isBlank()) {
                throw new IOException("`" + url + "` names no package; write sdext:<url of a .wasm, zip or folder>");
            }
            try (LocalPackage pkg = LocalPackage.open(inner)) {
                jar = ExtensionPackages.toBundle(pkg.path());
            } catch (ExtensionException e) {
                throw new IOException(e.getMessage(), e);
            }
            connected = true;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            connect();
            return new ByteArrayInputStream(jar);
        }

        @Override
        public String getContentType() {
            return "application/java-archive";
        }

        @Override
        public long getContentLengthLong() {
            return jar == null ? -1 : jar.length;
        }
    }
}

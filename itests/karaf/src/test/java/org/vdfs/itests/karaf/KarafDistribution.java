package org.vdfs.itests.karaf;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.util.Arrays;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;

/** How the tests start the distribution: the archive the build made, offline, with bin/karaf's Java 9+ flags. */
final class KarafDistribution {

    private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";

    private KarafDistribution() {
    }

    /** Our distribution, the vdfs feature booted. */
    static Option[] options() {
        return options(System.getProperty("vdfs.distribution"));
    }

    /** A Karaf from an archive on disk, offline. */
    static Option[] options(String archive) {
        String repo = System.getProperty("maven.repo.local");
        return new Option[] {
            // a file: URL, not maven(): the archive just built, not a stale copy in the local repository
            karafDistributionConfiguration().frameworkUrl(new File(archive).toURI().toString())
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false).karafVersion("4.4.10"),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevelOption.LogLevel.INFO),
            // offline: everything comes from the local repository, which the build filled
            editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.localRepository", repo),
            editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories", ""),
            editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.defaultRepositories",
                    new File(repo).toURI() + "@id=local@snapshots"),
            systemProperty("vdfs.test.wasm").value(System.getProperty("vdfs.test.wasm")),
            systemProperty("vdfs.test.archive").value(System.getProperty("vdfs.test.archive")),
            systemProperty("vdfs.checkout").value(System.getProperty("vdfs.checkout")),
            // what bin/karaf adds on Java 9+, which Pax Exam's launcher does not
            vmOptions("--add-reads=java.xml=java.logging",
                    "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                    "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar",
                    "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar",
                    "--add-opens", "java.base/java.security=ALL-UNNAMED",
                    "--add-opens", "java.base/java.net=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/java.util=ALL-UNNAMED",
                    "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
        };
    }

    /**
     * Which BLAKE3 the store bundle hashes with, {@code native} or {@code java}; on Linux x86-64 the
     * framework must have given it libvdfsblake3 through Bundle-NativeCode.
     */
    static String blake3Implementation(BundleContext context) throws Exception {
        Bundle store = Arrays.stream(context.getBundles()).filter(b -> "org.vdfs.store".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        return (String) store.loadClass("org.vdfs.store.internal.hash.Blake3").getMethod("implementation").invoke(null);
    }

    /** What {@link #blake3Implementation} must say on this machine. */
    static String expectedBlake3() {
        boolean linuxX64 = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
        return linuxX64 ? "native" : "java";
    }
}

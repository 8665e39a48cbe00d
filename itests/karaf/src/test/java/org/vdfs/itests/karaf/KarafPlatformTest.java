package org.vdfs.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.job.JobManager;
import org.vdfs.api.job.JobRecord;
import org.vdfs.api.job.JobStatus;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.api.store.VdfsStore;

/** The vdfs feature in the real distribution: it boots clean, runs an extension, its calls and its jobs. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafPlatformTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext context;
    @Inject
    private OperationRegistry registry;
    @Inject
    private ExtensionInstaller installer;
    @Inject
    private JobManager jobs;
    @Inject
    private VdfsStore store;

    @Configuration
    public Option[] config() {
        return KarafDistribution.options();
    }

    @Test
    public void theFeatureBootsCleanAndTheTestExtensionWorks() throws Exception {
        // The services injected here can be up while the feature still starts its last bundles.
        long deadline = System.currentTimeMillis() + 30_000;
        for (Bundle b : context.getBundles()) {
            while (b.getSymbolicName().startsWith("org.vdfs") && b.getState() != Bundle.ACTIVE
                    && b.getState() != Bundle.INSTALLED && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            if (b.getSymbolicName().startsWith("org.vdfs")) {
                assertEquals(b.getSymbolicName() + " is active", Bundle.ACTIVE, b.getState());
            }
        }
        assertEquals("the default library exists", 1, store.libraries().size());

        ExtensionInfo info = installer.install(Paths.get(System.getProperty("vdfs.test.wasm")));
        assertEquals(ExtensionState.ACTIVE, info.state());
        JsonNode echo = registry.call(Caller.host("itest"), "test-extension.echo", null, JSON.readTree("{\"a\":1}"));
        assertEquals(1, echo.path("a").asInt());
        JsonNode denied = registry.call(Caller.host("itest"), "test-extension.call", null,
                JSON.readTree("{\"method\":\"vdfs.query_models\",\"payload\":{}}"));
        assertEquals("permission_denied", denied.path("error").path("code").asText());

        JobRecord job = jobs.dispatch("test-extension:counter", null,
                JSON.readTree("{\"current\":0,\"target\":500,\"processed\":0}"));
        JobRecord done = jobs.await(job.id(), Duration.ofSeconds(60));
        assertEquals(JobStatus.COMPLETED, done.status());
        assertEquals(500, done.items());

        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        List<String> errors = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("| ERROR |")).collect(Collectors.toList());
        assertTrue("no ERROR in the log: " + errors, errors.isEmpty());
    }
}

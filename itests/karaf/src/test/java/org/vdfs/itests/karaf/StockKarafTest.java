package org.vdfs.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.OptionUtils.combine;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import com.fasterxml.jackson.databind.JsonNode;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.osgi.framework.BundleContext;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;

/** feature:repo-add + feature:install vdfs in a stock Karaf 4.4.10, not ours. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafTest {

    @Inject
    private OperationRegistry registry;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return combine(KarafDistribution.options(System.getProperty("karaf.stock")),
                features(maven("org.vdfs", "vdfs-features", System.getProperty("vdfs.version")).classifier("features")
                        .type("xml"), "vdfs"));
    }

    @Test
    public void theFeatureInstallsAndAnswers() throws Exception {
        JsonNode pong = registry.call(Caller.host("itest"), "core.ping", null, null);
        assertEquals(true, pong.path("pong").asBoolean());
        assertEquals(1, registry.call(Caller.host("itest"), "vdfs.library_list", null, null).size());
        assertEquals(KarafDistribution.expectedBlake3(), KarafDistribution.blake3Implementation(context));
    }
}

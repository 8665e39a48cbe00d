package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationException;

/** Acceptance 5: uninstalling unregisters everything; reinstalling starts afresh. */
class LifecycleTest {

    private static final Caller SHELL = Caller.host("test");

    @TempDir
    Path dir;

    @Test
    void uninstallUnregistersAndReinstallWorks() throws Exception {
        try (Container c = Container.start(dir)) {
            Path wasm = Files.write(dir.resolve("test-extension.wasm"), Fixtures.testExtensionWasm());
            ExtensionInfo first = c.installer().install(wasm);
            assertEquals(1, first.stats().instances());
            assertTrue(c.registry().find("test-extension.echo").isPresent());

            c.installer().uninstall("test-extension");
            assertTrue(c.registry().find("test-extension.echo").isEmpty(), "operations are gone");
            assertTrue(c.extensions().find("test-extension").isEmpty(), "no longer listed, jobs included");
            assertTrue(c.registry().call(SHELL, "extensions.list", null, null).isEmpty());
            OperationException gone = assertThrows(OperationException.class,
                    () -> c.registry().call(SHELL, "test-extension.echo", null, TextNode.valueOf("x")));
            assertEquals("unknown_method", gone.code());
            for (Bundle b : c.bundles()) {
                assertTrue(!"test-extension".equals(b.getSymbolicName()), "bundle removed");
            }

            ExtensionInfo again = c.installer().install(wasm);
            assertEquals("test-extension:counter", again.jobs().get(0).fullName());
            assertEquals(1, c.registry().call(SHELL, "test-extension.init_report", null, null).path("init_count").asInt());
            assertTrue(again.stats().compiled(), "compiled to bytecode");
        }
    }

    /**
     * While Karaf deploys a feature, a resolver hook keeps every bundle outside the deployment
     * unresolved; an extension installed meanwhile must wait for it rather than fail.
     */
    @Test
    void anInstallWaitsOutAResolverHookThatHoldsItsBundleBack() throws Exception {
        try (Container c = Container.start(dir.resolve("container"))) {
            long until = System.nanoTime() + 1_000_000_000L;
            AtomicInteger heldBack = new AtomicInteger();
            ResolverHook hook = new ResolverHook() {
                @Override
                public void filterResolvable(Collection<BundleRevision> candidates) {
                    if (System.nanoTime() - until < 0
                            && candidates.removeIf(r -> r.getBundle().getLocation().contains("test-extension"))) {
                        heldBack.incrementAndGet();
                    }
                }

                @Override
                public void filterSingletonCollisions(BundleCapability singleton,
                        Collection<BundleCapability> collisionCandidates) {
                }

                @Override
                public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                }

                @Override
                public void end() {
                }
            };
            ServiceRegistration<ResolverHookFactory> registration = c.context()
                    .registerService(ResolverHookFactory.class, triggers -> hook, null);
            try {
                Path wasm = Files.write(dir.resolve("test-extension.wasm"), Fixtures.testExtensionWasm());
                ExtensionInfo info = c.installer().install(wasm);
                assertEquals(ExtensionState.ACTIVE, info.state());
                assertTrue(heldBack.get() > 0, "the hook never held the bundle back: the test tests nothing");
            } finally {
                registration.unregister();
            }
        }
    }

    @Test
    void uninstallRunsPluginCleanupOnItsInstances() throws Exception {
        try (Container c = Container.start(dir)) {
            List<JsonNode> observed = new CopyOnWriteArrayList<>();
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Operation.NAME, "test.observe");
            c.context().registerService(Operation.class, invocation -> {
                observed.add(invocation.input());
                return NullNode.getInstance();
            }, props);
            c.installer().install(Fixtures.embedded(dir.resolve("cleanup"), "cleanup.wasm", Fixtures.wat("cleanup"),
                    Fixtures.manifest("cleanup", "\"test.observe\"", "")));
            assertTrue(observed.isEmpty());
            c.installer().uninstall("cleanup");
            assertEquals(1, observed.size(), "plugin_cleanup ran once, in the one instance");
            assertTrue(observed.get(0).path("cleanup").asBoolean());
        }
    }

    @Test
    void upgradeKeepsTheBundleAndAFailedUpgradeRollsBack() throws Exception {
        try (Container c = Container.start(dir)) {
            String v1 = Fixtures.manifest("upgraded", "\"core.\"", "");
            ExtensionInfo first = c.installer().install(
                    Fixtures.embedded(dir.resolve("v1"), "up.wasm", Fixtures.wat("guest"), v1));
            ExtensionInfo second = c.installer().install(Fixtures.embedded(dir.resolve("v2"), "up.wasm",
                    Fixtures.wat("guest"), v1.replace("\"1.0.0\"", "\"2.0.0\"")));
            assertEquals("2.0.0", second.manifest().version());
            assertEquals(first.bundleId(), second.bundleId(), "an upgrade is Bundle.update: same bundle");

            ExtensionException broken = assertThrows(ExtensionException.class, () -> c.installer().install(
                    Fixtures.embedded(dir.resolve("v3"), "up.wasm", Fixtures.wat("bad-import"),
                            v1.replace("\"1.0.0\"", "\"3.0.0\""))));
            assertTrue(broken.getMessage().contains("version 2.0.0 is back in place"), broken.getMessage());
            assertTrue(broken.getMessage().contains("spacedrive_teleport"), broken.getMessage());
            ExtensionInfo after = c.extensions().find("upgraded").get();
            assertEquals("2.0.0", after.manifest().version());
            assertTrue(c.registry().call(SHELL, "upgraded.call", null, TextNode.valueOf("core.ping")).toString()
                    .contains("pong"), "the previous version serves again");
        }
    }

    @Test
    void bundleStopAndStartFollowTheOsgiLifecycle() throws Exception {
        try (Container c = Container.start(dir)) {
            ExtensionInfo info = c.installer().install(Files.write(dir.resolve("t.wasm"), Fixtures.testExtensionWasm()));
            Bundle bundle = c.context().getBundle(info.bundleId());
            bundle.stop();
            assertTrue(c.registry().find("test-extension.echo").isEmpty());
            bundle.start();
            assertEquals("ok", c.registry().call(SHELL, "test-extension.echo", null, TextNode.valueOf("ok")).asText());
        }
    }
}

package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;

/** Acceptance 1: the Rust test extension, built from source, runs in a real framework. */
class TestExtensionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    static Path dir;
    static Container container;
    static ExtensionInfo installed;

    @BeforeAll
    static void install() throws Exception {
        container = Container.start(dir);
        Path wasm = Files.write(dir.resolve("test-extension.wasm"), Fixtures.testExtensionWasm());
        installed = container.installer().install(wasm);
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
    }

    @Test
    void startsWithItsOperationsAndJobs() {
        assertEquals(ExtensionState.ACTIVE, installed.state(), () -> "error: " + installed.error());
        assertEquals("test-extension", installed.id());
        assertEquals("0.1.0", installed.manifest().version());
        assertTrue(installed.operations().containsAll(List.of("test-extension.echo", "test-extension.init_report",
                "test-extension.call", "test-extension.spin")), installed.operations().toString());
        assertEquals("test-extension:counter", installed.jobs().get(0).fullName());
        assertTrue(installed.jobs().get(0).resumable());
    }

    @Test
    void pluginInitCallsReachRealOperations() throws Exception {
        JsonNode report = container.registry().call(SHELL, "test-extension.init_report", null, null);
        JsonNode ping = report.get("ping");
        assertTrue(ping.path("ok").path("pong").asBoolean(), ping.toString());
        assertEquals("test-extension", ping.path("ok").path("caller").asText());
        assertEquals("test-extension", ping.path("ok").path("echo").path("from").asText());
        JsonNode list = report.get("list").path("ok");
        assertTrue(list.isArray(), report.toString());
        JsonNode self = list.get(0);
        assertEquals("test-extension", self.path("id").asText());
        // the first instance's plugin_init sees it starting; instances added later see it active
        assertTrue(List.of("starting", "active").contains(self.path("state").asText()), self.toString());
        assertEquals(1, report.path("init_count").asInt(), "plugin_init runs once per instance");
    }

    @Test
    void exportedOperationAnswersTheShellAndOtherExtensions() throws Exception {
        OperationRegistry registry = container.registry();
        JsonNode input = JSON.readTree("{\"hello\":\"wörld\",\"n\":[1,2,3]}");
        assertEquals(input, registry.call(SHELL, "test-extension.echo", null, input));
        // the wire form names the same operation
        assertEquals(input, registry.call(SHELL, "query:test-extension.echo.v1", null, input));

        // another extension (a WAT guest) calls it through spacedrive_call
        Path relay = Fixtures.beside(dir.resolve("relay"), "relay.wasm", Fixtures.wat("guest"),
                Fixtures.manifest("relay", "\"test-extension.echo\"", ""));
        container.installer().install(relay);
        JsonNode viaGuest = registry.call(SHELL, "relay.relay", null, input);
        assertEquals(input, viaGuest, "the relay returns what spacedrive_call answered, unwrapped by the host");
        container.installer().uninstall("relay");
    }

    @Test
    void concurrentCallsUseSeveralInstancesNeverOneAtOnce() throws Exception {
        OperationRegistry registry = container.registry();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        JsonNode input = JSON.readTree("{\"thread\":" + thread + ",\"i\":" + i + "}");
                        if (!input.equals(registry.call(SHELL, "test-extension.echo", null, input))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS), "every caller got its own answer back");
            }
        } finally {
            pool.shutdown();
        }
        int instances = container.extensions().find("test-extension").get().stats().instances();
        assertTrue(instances >= 1 && instances <= 4, "pool bounded by pool.size (4): " + instances);
    }

    @Test
    void guestCallsGoThroughTheRegistryWithItsOwnIdentity() throws Exception {
        JsonNode result = container.registry().call(SHELL, "test-extension.call", null,
                JSON.readTree("{\"method\":\"core.ping\",\"payload\":{\"x\":1}}"));
        assertEquals("test-extension", result.path("ok").path("caller").asText(), result.toString());
        JsonNode denied = container.registry().call(SHELL, "test-extension.call", null,
                JSON.readTree("{\"method\":\"vdfs.query_entries\",\"payload\":{}}"));
        assertEquals("permission_denied", denied.path("error").path("code").asText(), denied.toString());
    }
}

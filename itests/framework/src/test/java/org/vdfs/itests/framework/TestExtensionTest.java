package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertEquals("starting", self.path("state").asText(), "during plugin_init it sees itself starting");
        assertEquals(1, report.path("init_count").asInt());
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
    void guestCallsGoThroughTheRegistryWithItsOwnIdentity() throws Exception {
        JsonNode result = container.registry().call(SHELL, "test-extension.call", null,
                JSON.readTree("{\"method\":\"core.ping\",\"payload\":{\"x\":1}}"));
        assertEquals("test-extension", result.path("ok").path("caller").asText(), result.toString());
        JsonNode denied = container.registry().call(SHELL, "test-extension.call", null,
                JSON.readTree("{\"method\":\"vdfs.query_entries\",\"payload\":{}}"));
        assertEquals("permission_denied", denied.path("error").path("code").asText(), denied.toString());
    }
}

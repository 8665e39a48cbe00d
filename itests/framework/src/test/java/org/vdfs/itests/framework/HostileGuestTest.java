package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationRegistry;

/** Acceptance 3: hostile guests are contained; the host and the other extensions keep working. */
class HostileGuestTest {

    private static final Caller SHELL = Caller.host("test");

    @TempDir
    static Path dir;
    static Container container;
    static OperationRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        container = Container.start(dir);
        registry = container.registry();
        container.installer().install(java.nio.file.Files.write(dir.resolve("test-extension.wasm"),
                Fixtures.testExtensionWasm()));
        // 8 MiB of memory at most, 64 MiB for the payload test
        container.installer().install(Fixtures.embedded(dir.resolve("hostile"), "hostile.wasm", Fixtures.wat("guest"),
                Fixtures.manifest("hostile", "\"core.\"", "\"max_memory_mb\":8")));
        container.installer().install(Fixtures.embedded(dir.resolve("roomy"), "roomy.wasm", Fixtures.wat("guest"),
                Fixtures.manifest("roomy", "\"core.\"", "\"max_memory_mb\":128")));
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
    }

    @AfterEach
    void othersStillWork() throws Exception {
        JsonNode echo = registry.call(SHELL, "test-extension.echo", null, TextNode.valueOf("still here"));
        assertEquals("still here", echo.asText());
        assertTrue(registry.call(SHELL, "core.ping", null, null).path("pong").asBoolean());
    }

    private static OperationException fails(String method) {
        return assertThrows(OperationException.class, () -> registry.call(SHELL, method, null, null));
    }

    @Test
    void infiniteLoopInPluginInitIsStoppedAtTheDeadline() throws Exception {
        Path wasm = Fixtures.embedded(dir.resolve("loop"), "loop.wasm", Fixtures.wat("init-loop"),
                Fixtures.manifest("init-loop", "", ""));
        long start = System.nanoTime();
        ExtensionException e = assertThrows(ExtensionException.class, () -> container.installer().install(wasm));
        assertTrue(e.getMessage().contains("deadline of " + Container.CALL_DEADLINE_MS + " ms"), e.getMessage());
        assertTrue(container.extensions().find("init-loop").isEmpty(), "nothing left installed");
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "install returned");
    }

    @Test
    void infiniteLoopInAnOperationIsStoppedAndTheExtensionRecovers() throws Exception {
        OperationException e = fails("test-extension.spin");
        assertEquals("deadline_exceeded", e.code(), e.getMessage());
        assertEquals(ExtensionState.ACTIVE, container.extensions().find("test-extension").get().state());
        assertTrue(container.extensions().find("test-extension").get().stats().traps() >= 1);
    }

    @Test
    void memoryGrowPastTheLimitFailsInsideTheGuest() throws Exception {
        assertEquals(false, registry.call(SHELL, "hostile.grow", null, null).asBoolean(), "8 MiB cap refuses 16 MiB more");
        assertEquals(true, registry.call(SHELL, "roomy.grow", null, null).asBoolean(), "128 MiB cap allows it");
    }

    @Test
    void unboundedRecursionTraps() {
        OperationException e = fails("hostile.recurse");
        assertEquals("guest_trap", e.code(), e.getMessage());
        // and again: the poisoned instance was replaced
        assertEquals("guest_trap", fails("hostile.recurse").code());
    }

    @Test
    void pointersOutsideMemoryGetAnErrorResult() {
        assertEquals("out_of_bounds", fails("hostile.bad_pointer").code());
        assertEquals("out_of_bounds", fails("hostile.bad_library").code());
    }

    @Test
    void invalidUtf8GetsAnErrorResult() {
        OperationException e = fails("hostile.bad_utf8");
        assertEquals("invalid_payload", e.code());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertEquals("invalid_payload", fails("hostile.bad_utf8_json").code());
    }

    @Test
    void invalidJsonGetsAnErrorResult() {
        OperationException e = fails("hostile.bad_json");
        assertEquals("invalid_payload", e.code());
        assertTrue(e.getMessage().contains("not valid UTF-8 JSON"), e.getMessage());
    }

    @Test
    void hugePayloadGetsAnErrorResult() {
        OperationException e = fails("roomy.huge_payload");
        assertEquals("payload_too_large", e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("67108864"), e.getMessage());
    }
}

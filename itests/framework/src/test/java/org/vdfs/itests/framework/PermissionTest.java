package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdfs.api.guard.AuditEntry;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationRegistry;

/** Acceptance 4: the guard refuses what is not granted, audits it, and remembers revocations across restarts. */
class PermissionTest {

    private static final Caller SHELL = Caller.host("test");
    private static final UUID GRANTED_LIBRARY = UUID.fromString("22222222-2222-2222-2222-222222222222");
    /** The library the fixture's call_in_library names (16 bytes of 0x11). */
    private static final UUID OTHER_LIBRARY = UUID.fromString("11111111-1111-1111-1111-111111111111");

    @TempDir
    Path dir;

    private static String call(OperationRegistry registry, String op, String method) throws OperationException {
        return registry.call(SHELL, "limited." + op, null, TextNode.valueOf(method)).toString();
    }

    private static OperationException refused(OperationRegistry registry, String op, String method) {
        return assertThrows(OperationException.class, () -> call(registry, op, method));
    }

    private void installLimited(Container c) throws Exception {
        c.installer().install(Fixtures.embedded(dir.resolve("limited"), "limited.wasm", Fixtures.wat("guest"),
                Fixtures.manifest("limited", "\"core.ping\", \"query:core.oper\"",
                        "\"libraries\":[\"" + GRANTED_LIBRARY + "\"],\"rate_limits\":{\"requests_per_minute\":20}")));
    }

    @Test
    void ungrantedMethodLibraryAndFloodAreRefusedAndAudited() throws Exception {
        try (Container c = Container.start(dir)) {
            installLimited(c);
            OperationRegistry registry = c.registry();
            assertTrue(call(registry, "call", "core.ping").contains("pong"));
            assertTrue(call(registry, "call", "core.operations").contains("core.ping"), "wire-form grant");

            OperationException method = refused(registry, "call", "extensions.list");
            assertEquals("permission_denied", method.code());
            assertTrue(method.getMessage().contains("`extensions.list`, which is not granted"), method.getMessage());

            OperationException library = refused(registry, "call_in_library", "core.ping");
            assertEquals("permission_denied", library.code());
            assertTrue(library.getMessage().contains(OTHER_LIBRARY.toString()), library.getMessage());

            OperationException unknown = refused(registry, "call", "vdfs.no_such_thing");
            assertEquals("permission_denied", unknown.code(), "probing for names is refused like any other call");

            int allowed = 0;
            OperationException flood = null;
            for (int i = 0; i < 40 && flood == null; i++) {
                try {
                    call(registry, "call", "core.ping");
                    allowed++;
                } catch (OperationException e) {
                    flood = e;
                }
            }
            assertTrue(flood != null && flood.code().equals("rate_limited"), "the 20-per-minute limit held");
            assertTrue(allowed < 20, "allowed " + allowed);

            List<AuditEntry> audit = c.guard().audit("limited", 100);
            assertEquals("rate_limited", audit.get(0).code());
            assertTrue(audit.stream().anyMatch(a -> a.method().equals("extensions.list")));
            assertTrue(audit.stream().anyMatch(a -> OTHER_LIBRARY.equals(a.libraryId())));
            assertTrue(c.guard().audit("someone-else", 10).isEmpty());
        }
    }

    @Test
    void revokedGrantStaysRevokedAfterARestart() throws Exception {
        try (Container c = Container.start(dir)) {
            installLimited(c);
            assertTrue(call(c.registry(), "call", "core.ping").contains("pong"));
            c.guard().revoke("limited", "core.ping");
            assertEquals("permission_denied", refused(c.registry(), "call", "core.ping").code());
        }
        try (Container c = Container.start(dir)) { // same bundle cache and data: the extension comes back by itself
            assertTrue(c.extensions().find("limited").isPresent(), "the extension is back after the restart");
            OperationException e = refused(c.registry(), "call", "core.ping");
            assertEquals("permission_denied", e.code());
            assertTrue(e.getMessage().contains("revoked: core.ping"), e.getMessage());
            assertTrue(c.guard().audit("limited", 10).size() >= 2, "the audit trail survived the restart too");

            c.guard().grant("limited", "core.ping");
            assertTrue(call(c.registry(), "call", "core.ping").contains("pong"));
            OperationException beyond = assertThrows(OperationException.class, () -> c.guard().grant("limited", "vdfs."));
            assertTrue(beyond.getMessage().contains("does not request `vdfs.`"), beyond.getMessage());
        }
    }
}

package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.operation.Caller;

/** Acceptance 2: every package form loads; broken packages are refused by name and leave nothing behind. */
class PackageFormsTest {

    @TempDir
    static Path dir;
    static Container container;

    @BeforeAll
    static void start() throws Exception {
        container = Container.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
    }

    @AfterEach
    void frameworkIsFine() throws Exception {
        // whatever happened, the platform still answers and no broken bundle lingers
        assertTrue(container.registry().call(Caller.host("test"), "core.ping", null, null).path("pong").asBoolean());
        for (Bundle b : container.bundles()) {
            assertTrue(b.getState() == Bundle.ACTIVE, b.getSymbolicName() + " is in state " + b.getState());
        }
        for (ExtensionInfo info : container.extensions().list()) {
            container.installer().uninstall(info.id());
        }
    }

    private static final String MANIFEST = Fixtures.manifest("forms", "\"core.\"", "");

    @Test
    void embeddedManifest() throws Exception {
        ExtensionInfo info = container.installer().install(
                Fixtures.embedded(dir.resolve("form1"), "forms.wasm", Fixtures.wat("guest"), MANIFEST));
        assertEquals(ExtensionState.ACTIVE, info.state());
        assertTrue(info.operations().contains("forms.call"));
    }

    @Test
    void manifestBesideTheModuleAndFolder() throws Exception {
        Path wasm = Fixtures.beside(dir.resolve("form2"), "forms.wasm", Fixtures.wat("guest"), MANIFEST);
        assertEquals(ExtensionState.ACTIVE, container.installer().install(wasm).state());
        container.installer().uninstall("forms");
        assertEquals(ExtensionState.ACTIVE, container.installer().install(wasm.getParent()).state());
    }

    @Test
    void archiveWithMigrationsAndAssets() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("manifest.json", Fixtures.utf8(MANIFEST.replace("}}", "},\"wasm_file\":\"guest.wasm\"}")));
        entries.put("guest.wasm", Fixtures.wat("guest"));
        entries.put("migrations/V1__init.sql", Fixtures.utf8("CREATE TABLE t (id INT);"));
        entries.put("ui_manifest.json", Fixtures.utf8("{\"sidebar_sections\":[]}"));
        Path zip = Fixtures.archive(dir.resolve("form3/forms.zip"), entries);
        ExtensionInfo info = container.installer().install(zip);
        assertEquals(ExtensionState.ACTIVE, info.state());
        Bundle bundle = container.context().getBundle(info.bundleId());
        assertTrue(bundle.getEntry("extension/migrations/V1__init.sql") != null, "the package travels in its bundle");
    }

    @Test
    void unknownHostFunctionIsNamed() throws Exception {
        Path wasm = Fixtures.beside(dir.resolve("bad-import"), "bad.wasm", Fixtures.wat("bad-import"),
                Fixtures.manifest("bad-import", "", ""));
        ExtensionException e = assertThrows(ExtensionException.class, () -> container.installer().install(wasm));
        assertTrue(e.getMessage().contains("`spacedrive.spacedrive_teleport`"), e.getMessage());
        assertTrue(e.getMessage().contains("does not provide"), e.getMessage());
        assertTrue(container.extensions().find("bad-import").isEmpty());
    }

    @Test
    void malformedModuleIsNamed() throws Exception {
        byte[] garbage = Fixtures.concat(Arrays.copyOf(Fixtures.wat("guest"), 8), new byte[] { 1, 120, 3, 4, 5 });
        Path wasm = Fixtures.beside(dir.resolve("malformed"), "bad.wasm", garbage,
                Fixtures.manifest("malformed", "", ""));
        ExtensionException e = assertThrows(ExtensionException.class, () -> container.installer().install(wasm));
        assertTrue(e.getMessage().contains("not valid WebAssembly"), e.getMessage());
    }

    @Test
    void manifestWithoutIdIsNamed() throws Exception {
        Path wasm = Fixtures.beside(dir.resolve("no-id"), "x.wasm", Fixtures.wat("guest"),
                "{\"name\":\"Nameless\",\"version\":\"1.0.0\"}");
        ExtensionException e = assertThrows(ExtensionException.class, () -> container.installer().install(wasm));
        assertTrue(e.getMessage().contains("`id` is missing"), e.getMessage());
    }

    @Test
    void notAPackageAtAll() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello");
        ExtensionException e = assertThrows(ExtensionException.class, () -> container.installer().install(file));
        assertTrue(e.getMessage().contains("neither a WebAssembly module"), e.getMessage());
    }
}

package org.vdfs.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.ExtensionState;
import org.vdfs.api.guard.PermissionGuard;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationRegistry;

/** Issue 5, acceptance 4: drop, replace and delete packages in Karaf's deploy/ folder. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployTest {

    @Inject
    private ExtensionRegistry extensions;
    @Inject
    private PermissionGuard guard;
    @Inject
    private OperationRegistry registry;

    @Configuration
    public Option[] config() {
        return KarafDistribution.options();
    }

    private static String manifest(String version) {
        return "{\"id\":\"hot\",\"name\":\"Hot\",\"version\":\"" + version + "\",\"wasm_file\":\"test-extension.wasm\","
                + "\"permissions\":{\"methods\":[\"core.\",\"hot.\"]}}";
    }

    /** Writes the archive next to deploy/ and moves it in whole: FileInstall never sees half a file. */
    private static void drop(Path deploy, String name, String version) throws Exception {
        Path tmp = deploy.resolveSibling(name + ".tmp");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest(version).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("test-extension.wasm"));
            zip.write(Files.readAllBytes(Paths.get(System.getProperty("vdfs.test.wasm"))));
            zip.closeEntry();
        }
        Files.move(tmp, deploy.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static <T> T waitFor(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited 30 s for " + what);
    }

    @Test
    public void dropReplaceDeleteAndACorruptFile() throws Exception {
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");

        drop(deploy, "hot.zip", "1.0.0");
        ExtensionInfo first = waitFor("the dropped extension",
                () -> extensions.find("hot").filter(i -> i.manifest().version().equals("1.0.0")
                        && i.state() == ExtensionState.ACTIVE));
        assertEquals("ok", registry.call(Caller.host("itest"), "hot.echo", null,
                com.fasterxml.jackson.databind.node.TextNode.valueOf("ok")).asText());
        guard.revoke("hot", "hot.");

        drop(deploy, "hot.zip", "2.0.0");
        ExtensionInfo second = waitFor("the new version",
                () -> extensions.find("hot").filter(i -> i.manifest().version().equals("2.0.0")
                        && i.state() == ExtensionState.ACTIVE));
        assertEquals("replacing the file updates the same bundle", first.bundleId(), second.bundleId());
        assertEquals("its grants are kept", List.of("hot."), guard.grants("hot").revoked());

        Files.delete(deploy.resolve("hot.zip"));
        waitFor("the extension to go", () -> extensions.find("hot").isEmpty() ? Optional.of(true) : Optional.empty());

        byte[] truncated = new byte[] { 0, 'a', 's', 'm', 1, 0, 0, 0, 1, 120, 3 };
        try (OutputStream out = Files.newOutputStream(deploy.resolve("broken.wasm"))) {
            out.write(truncated);
        }
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        List<String> errors = waitFor("an error about broken.wasm", () -> {
            try {
                List<String> found = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains("| ERROR |") && l.contains("broken.wasm")).collect(Collectors.toList());
                return found.isEmpty() ? Optional.empty() : Optional.of(found);
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        });
        Thread.sleep(3_000); // several more polls of the folder
        long again = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("| ERROR |") && l.contains("broken.wasm")).count();
        assertEquals("one clear error, not one per poll: " + errors, 1, again);
        assertTrue(registry.call(Caller.host("itest"), "core.ping", null, null).path("pong").asBoolean());
    }
}

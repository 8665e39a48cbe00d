package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported executable jar, run as a user runs it: java -jar vdfs.jar ... */
class EmbeddedJarTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        Path jar = Paths.get(System.getProperty("vdfs.embedded.jar"));
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the container exits after its commands");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void installsAFolderOfExtensionsAndCallsOperations() throws Exception {
        Files.createDirectories(dir.resolve("extensions"));
        Files.write(dir.resolve("extensions/test-extension.wasm"), Fixtures.testExtensionWasm());
        Run r = run("--extensions", "extensions", "call", "core.ping", "{\"n\":7}", "list",
                "call", "test-extension.echo", "{\"hello\":\"world\"}");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("installed test-extension 0.1.0"), r.out());
        assertTrue(r.out().contains("\"pong\" : true"), r.out());
        assertTrue(r.out().contains("\"n\" : 7"), r.out());
        assertTrue(r.out().matches("(?s).*test-extension\\s+0\\.1\\.0\\s+active.*"), r.out());
        assertTrue(r.out().contains("\"hello\" : \"world\""), r.out());
        assertTrue(r.err().contains("Test Extension v0.1.0 initialized"), "guest logs reach the host log: " + r.err());
        assertTrue(Files.isDirectory(dir.resolve("data/guard")), "data lands in ./data");
    }

    @Test
    void aFailedCallSetsTheExitCode() throws Exception {
        Run r = run("call", "no.such_operation");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("error [unknown_method]"), r.err());
        assertEquals(2, run("--bogus").exit());
        assertTrue(run("--help").out().contains("usage: java -jar vdfs.jar"));
    }
}

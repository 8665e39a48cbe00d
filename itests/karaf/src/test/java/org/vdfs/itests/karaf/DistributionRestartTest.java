package org.vdfs.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator runs it: bin/start, commands through
 * bin/client, bin/stop, and a second start that finds the extension and the
 * user's revocation still in place.
 */
class DistributionRestartTest {

    @TempDir
    Path dir;

    private Path home;

    private String run(List<String> command, String input) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return Files.readString(out);
    }

    /** Commands through bin/client, one per line, as a script would send them. */
    private String client(String... lines) throws Exception {
        return client(60, lines);
    }

    /** The same, with bin/client trying to connect {@code retries} times, 2 s apart. */
    private String client(int retries, String... lines) throws Exception {
        return run(List.of("bin/client", "-u", "karaf", "-p", "karaf", "-r", String.valueOf(retries), "-d", "2", "-b"),
                String.join("\n", lines) + "\n");
    }

    /**
     * bin/client answers once the shell is up; the vdfs commands once the feature is. Gives up after
     * three minutes (a boot takes ~15 s) with the log and the container's threads, so that a hung
     * boot fails here instead of holding the build.
     */
    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() - deadline < 0) {
            if (client(5, "ext:list").contains("ID")) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the container did not come up within 3 minutes.\nLog:\n"
                + Files.readString(home.resolve("data/log/karaf.log")) + "\nThreads:\n" + threads());
    }

    /** A thread dump of this Karaf's JVM (jcmd of the JDK running the test), or why there is none. */
    private String threads() throws IOException, InterruptedException {
        String pid = pid();
        if (pid.isEmpty()) {
            return "(no JVM of this Karaf is running)";
        }
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), pid, "Thread.print").redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        dump.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** bin/stop, then wait until the JVM of this Karaf has really gone (bin/status says so earlier). */
    private void stop() throws Exception {
        run(List.of("bin/stop"), "");
        for (int i = 0; i < 120 && alive(); i++) {
            Thread.sleep(500);
        }
        if (alive()) { // a container that hung at boot may not stop either: it must not outlive the test
            new ProcessBuilder("pkill", "-9", "-f", "karaf.home=" + home).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private boolean alive() throws IOException, InterruptedException {
        return !pid().isEmpty();
    }

    /** The process id of this Karaf's JVM, or "" if none runs. */
    private String pid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", "karaf.home=" + home).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 && !out.isEmpty() ? out.split("\\s+")[0] : "";
    }

    @Test
    void extensionsAndGrantsSurviveARestart() throws Exception {
        assertEquals(0, new ProcessBuilder("tar", "xzf", System.getProperty("vdfs.distribution"), "-C", dir.toString())
                .inheritIO().start().waitFor());
        try (var found = Files.list(dir)) {
            home = found.filter(Files::isDirectory).filter(p -> Files.exists(p.resolve("bin/start"))).findFirst().orElseThrow();
        }
        String wasm = System.getProperty("vdfs.test.wasm");
        run(List.of("bin/start"), "");
        try {
            awaitReady();
            String first = client("ext:install " + wasm, "ext:revoke test-extension extensions.");
            assertTrue(first.contains("Installed `test-extension`"), first);
            stop();

            run(List.of("bin/start"), "");
            awaitReady();
            String after = client("ext:list", "ext:info test-extension",
                    "ext:call test-extension.call '{\"method\":\"extensions.list\",\"payload\":{}}'");
            assertTrue(after.matches("(?s).*test-extension.*0\\.1\\.0.*active.*"), after);
            assertTrue(after.contains("revoked: extensions."), after);
            assertTrue(after.contains("permission_denied"), after);
            assertTrue(Files.readString(home.resolve("data/log/karaf.log")).lines().noneMatch(l -> l.contains("| ERROR |")),
                    "no ERROR in the log");
        } finally {
            stop();
        }
    }
}

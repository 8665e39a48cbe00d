package org.vdfs.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 6 in Karaf: the test extension written with the Rust SDK installs, its
 * counter job runs, pauses, resumes from its checkpoint and completes, its
 * query answers through ext:call (acceptance 1); and docs/extension-authors.md,
 * followed word for word, gives an extension that installs and runs (acceptance 4).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SdkExtensionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint\\s+(\\{.*\\})");
    private static final Pattern ITEMS = Pattern.compile("items / bytes\\s+(\\d+) /");

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return KarafDistribution.options();
    }

    private static String firstUuid(String text) {
        Matcher m = UUID.matcher(text);
        assertTrue("no id in " + text, m.find());
        return m.group();
    }

    /** `job:show` until `done` holds, at most `seconds`. */
    private static String showUntil(Shell shell, String id, Predicate<String> done, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String show = shell.ok("job:show " + id);
        while (!done.test(show)) {
            assertTrue("job " + id + " never got there:\n" + show, System.nanoTime() < end);
            Thread.sleep(20);
            show = shell.ok("job:show " + id);
        }
        return show;
    }

    private static JsonNode checkpoint(String show) throws IOException {
        Matcher m = CHECKPOINT.matcher(show);
        return m.find() ? JSON.readTree(m.group(1).replaceAll(" \\(at .*$", "")) : JSON.missingNode();
    }

    private static long items(String show) {
        Matcher m = ITEMS.matcher(show);
        assertTrue(show, m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    public void theSdkTestExtensionRunsPausesResumesFromItsCheckpointAndAnswers() throws Exception {
        Shell shell = new Shell(sessions);
        String installed = shell.ok("ext:install " + System.getProperty("vdfs.test.archive"));
        assertTrue(installed, installed.contains("test-extension"));
        try {
            String echo = shell.ok("ext:call test-extension.echo '{\"from\": \"karaf\"}'");
            assertTrue(echo, echo.contains("karaf"));
            String report = shell.ok("ext:call test-extension.init_report");
            assertTrue(report, report.contains("pong"));

            long target = 200_000;
            String id = firstUuid(shell.ok("job:run test-extension:counter '{\"target\": " + target + "}'"));
            showUntil(shell, id, s -> {
                try {
                    return checkpoint(s).path("current").asLong() >= 10;
                } catch (IOException e) {
                    return false;
                }
            }, 60);
            shell.ok("job:pause " + id);
            String paused = showUntil(shell, id, s -> s.contains("paused"), 30);
            JsonNode atPause = checkpoint(paused);
            long at = atPause.path("current").asLong();
            assertTrue(paused, at > 0 && at < target);
            assertEquals(paused, "[0]", atPause.path("starts").toString());
            assertEquals("the item counter is stored with the checkpoint", at, items(paused));

            shell.ok("job:resume " + id);
            String done = showUntil(shell, id, s -> s.contains("completed") || s.contains("failed"), 300);
            assertTrue(done, done.contains("completed"));
            JsonNode last = checkpoint(done);
            assertEquals(done, target, last.path("current").asLong());
            assertEquals("the second run started at the paused checkpoint: " + done,
                    "[0," + at + "]", last.path("starts").toString());
            assertEquals("resumed, not restarted: " + done, target, items(done));
        } finally {
            shell.ok("ext:uninstall test-extension");
        }
    }

    /** A `<!-- doc-test: kind -->` marked code block of the guide. */
    record Block(String kind, String text) {
    }

    private static List<Block> blocks(String doc) {
        Matcher m = Pattern.compile("<!-- doc-test: (\\S+) -->\\s*```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<Block> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    @Test
    public void theGuideFollowedWordForWordGivesAnExtensionThatInstallsAndRuns() throws Exception {
        Path checkout = Paths.get(System.getProperty("vdfs.checkout")).toRealPath();
        List<Block> blocks = blocks(Files.readString(checkout.resolve("docs/extension-authors.md")));
        assertEquals(List.of("sh", "sh", "sh", "karaf-install", "karaf"), blocks.stream().map(Block::kind).toList());

        // the shell steps, as one session from the checkout, in a fresh home directory
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        blocks.stream().filter(b -> b.kind().equals("sh")).forEach(b -> script.append(b.text()));
        Path home = Files.createTempDirectory("vdfs-guide-home-");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(checkout.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("HOME", home.toString());
            // not part of the guide: compiled dependencies are shared with the test extension's
            // build (same crates, same profile), which saves minutes of compiling
            pb.environment().put("CARGO_TARGET_DIR",
                    checkout.resolve("extensions/test-extension/target/cargo").toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("the guide's commands did not finish", p.waitFor(15, TimeUnit.MINUTES));
            assertEquals("the guide's commands failed:\n" + out, 0, p.exitValue());
            assertTrue(out, Files.isRegularFile(home.resolve("hello-extension/target/hello.wasm")));

            // "paste the ext:install line that the packaging printed"
            Matcher install = Pattern.compile("^\\s*(ext:install \\S+)$", Pattern.MULTILINE).matcher(out);
            assertTrue(out, install.find());
            assertTrue(blocks.get(3).text().startsWith("ext:install "));
            Shell shell = new Shell(sessions);
            String installed = shell.ok(install.group(1));
            assertTrue(installed, installed.contains("hello"));
            try {
                List<String> outputs = new ArrayList<>();
                for (String line : blocks.get(4).text().split("\n")) {
                    if (!line.isBlank()) {
                        outputs.add(shell.ok(line));
                    }
                }
                String all = String.join("\n", outputs);
                assertTrue(all, outputs.get(0).contains("hello.greet") && outputs.get(0).contains("hello:countdown"));
                assertTrue(all, outputs.get(1).contains("Hello, Ada!") && outputs.get(1).contains("\"greeted\""));
                assertTrue(all, outputs.get(2).contains("Ada"));
                assertTrue(all, outputs.get(3).contains("completed"));
                assertTrue(all, outputs.get(4).contains("countdown: 3 to go") && outputs.get(4).contains("countdown: liftoff"));
            } finally {
                shell.ok("ext:uninstall hello");
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        assertFalse(Files.exists(home));
    }
}

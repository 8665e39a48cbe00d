package org.vdfs.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.osgi.framework.BundleContext;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Issue 5: every ext:, job:, vdfs: and ai: command, through a real Karaf shell session. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsTest {

    private static final List<String> COMMANDS = List.of("ext:install", "ext:list", "ext:info", "ext:upgrade",
            "ext:uninstall", "ext:grant", "ext:revoke", "ext:audit", "ext:call", "job:run", "job:list", "job:show",
            "job:watch", "job:pause", "job:resume", "job:cancel", "vdfs:library-list", "vdfs:library-create",
            "vdfs:location-add", "vdfs:location-list", "vdfs:index", "vdfs:entries", "vdfs:models", "vdfs:tags",
            "ai:models", "ai:run");

    @Inject
    private SessionFactory sessions;

    @Inject
    private BundleContext context;

    @Inject
    private org.osgi.service.cm.ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return KarafDistribution.options();
    }

    @Test
    public void everyCommandHasHelp() {
        Shell shell = new Shell(sessions);
        for (String command : COMMANDS) {
            String help = shell.ok(command + " --help");
            assertTrue(command + " --help: " + help, help.contains("DESCRIPTION") && help.contains("SYNTAX"));
        }
    }

    @Test
    public void extensionsJobsAndTheStoreFromTheShell() throws Exception {
        Shell shell = new Shell(sessions);
        String wasm = System.getProperty("vdfs.test.wasm");

        String installed = shell.ok("ext:install " + wasm);
        assertTrue(installed, installed.contains("test-extension") && installed.contains("core."));
        assertTrue(shell.ok("ext:list").matches("(?s).*test-extension.*0\\.1\\.0.*active.*"));
        String info = shell.ok("ext:info test-extension");
        assertTrue(info, info.contains("test-extension.echo") && info.contains("test-extension:counter"));
        assertTrue(info, info.contains("entry scope now  every entry"));
        // the operator narrows its entries to a folder through Configuration Admin (docs/configuration.md)
        org.osgi.service.cm.Configuration scope = configAdmin.createFactoryConfiguration("org.vdfs.guard.scope", "?");
        scope.update(new java.util.Hashtable<>(java.util.Map.of("extension.id", "test-extension", "folders",
                "/srv/photos")));
        String scoped = info;
        for (int i = 0; i < 50 && !scoped.contains("entry scope now  in /srv/photos"); i++) {
            Thread.sleep(100); // Configuration Admin delivers asynchronously
            scoped = shell.ok("ext:info test-extension");
        }
        assertTrue(scoped, scoped.contains("entry scope now  in /srv/photos"));
        scope.delete();

        String echo = shell.ok("ext:call test-extension.echo '{\"hello\":\"shell\"}'");
        assertTrue(echo, echo.contains("shell"));
        shell.ok("ext:revoke test-extension core.");
        String denied = shell.ok("ext:call test-extension.call '{\"method\":\"core.ping\",\"payload\":{}}'");
        assertTrue(denied, denied.contains("permission_denied"));
        String audit = shell.ok("ext:audit test-extension");
        assertTrue(audit, audit.contains("core.ping"));
        shell.ok("ext:grant test-extension core.");
        assertTrue(shell.ok("ext:call test-extension.call '{\"method\":\"core.ping\",\"payload\":{}}'").contains("pong"));

        String run = shell.ok("job:run --wait test-extension:counter '{\"current\":0,\"target\":300,\"processed\":0}'");
        assertTrue(run, run.contains("completed"));
        String list = shell.ok("job:list");
        assertTrue(list, list.contains("test-extension:counter") && list.contains("completed"));
        String id = firstUuid(list);
        assertTrue(shell.ok("job:show " + id).contains("test-extension:counter"));
        assertTrue(shell.ok("job:watch " + id).contains("completed"));

        String longRun = shell.ok("job:run test-extension:counter '{\"current\":0,\"target\":100000000,\"processed\":0}'");
        String longId = firstUuid(longRun);
        Thread.sleep(300);
        shell.ok("job:pause " + longId);
        Thread.sleep(1500);
        assertTrue(shell.ok("job:show " + longId).contains("paused"));
        shell.ok("job:resume " + longId);
        shell.ok("job:cancel " + longId);
        Thread.sleep(1500);
        assertTrue(shell.ok("job:show " + longId).contains("cancelled"));

        shell.ok("vdfs:library-create Photos");
        assertTrue(shell.ok("vdfs:library-list").contains("Photos"));
        Path folder = Files.createTempDirectory("vdfs-shell-");
        Files.writeString(folder.resolve("a.txt"), "hello");
        Files.writeString(folder.resolve("b.txt"), "hello");
        String added = shell.ok("vdfs:location-add " + folder);
        assertTrue(added, added.contains(folder.getFileName().toString()));
        assertTrue(shell.ok("vdfs:location-list").contains(folder.getFileName().toString()));
        String indexed = shell.ok("vdfs:index --wait " + folder);
        assertTrue(indexed, indexed.contains("completed"));
        assertEquals(KarafDistribution.expectedBlake3(), KarafDistribution.blake3Implementation(context));
        String entries = shell.ok("vdfs:entries");
        assertTrue(entries, entries.contains("a.txt") && entries.contains("b.txt"));
        assertTrue(shell.ok("vdfs:models test-extension Nothing").length() >= 0);
        String content = firstUuid(shell.ok("vdfs:entries -k text"), entries);
        shell.ok("vdfs:tags " + content);

        String upgraded = shell.ok("ext:upgrade test-extension " + wasm);
        assertTrue(upgraded, upgraded.contains("test-extension"));
        shell.ok("ext:uninstall --purge test-extension");
        assertFalse(shell.ok("ext:list").contains("test-extension"));
        assertFalse("a failing command reports", shell.run("ext:info no-such-extension").ok());
        assertTrue(Files.exists(Paths.get(wasm)));
    }

    /** Issue 7: the ai: commands reach the AI registry; with no provider configured they say so. */
    @Test
    public void aiCommandsWithoutProviders() {
        Shell shell = new Shell(sessions);
        String models = shell.ok("ai:models llm");
        assertTrue(models, models.contains("No AI models of category llm"));
        Shell.Result run = shell.run("ai:run --model nothing-here llm 'Hello'");
        assertFalse(run.out(), run.ok());
        assertTrue(run.out(), run.out().contains("nothing-here"));
        Shell.Result bad = shell.run("ai:run ocr /no/such/image.png");
        assertTrue(bad.out(), !bad.ok() && bad.out().contains("neither an image file nor an entry id"));
    }

    /** Acceptance 5: the seeds' package form, a .wasm with manifest.json beside it, through ext:install and job:run --wait. */
    @Test
    public void aWasmWithItsManifestBesideInstallsAndRunsItsJob() throws Exception {
        Shell shell = new Shell(sessions);
        Path dir = Files.createTempDirectory("vdfs-beside-");
        Files.copy(Paths.get(System.getProperty("vdfs.test.wasm")), dir.resolve("counter.wasm"));
        Files.writeString(dir.resolve("manifest.json"), "{\"id\":\"beside\",\"name\":\"Beside\",\"version\":\"1.0.0\","
                + "\"wasm_file\":\"counter.wasm\",\"permissions\":{\"methods\":[\"core.\",\"beside.\"]}}");
        String installed = shell.ok("ext:install " + dir.resolve("counter.wasm"));
        assertTrue(installed, installed.contains("beside"));
        String run = shell.ok("job:run --wait beside:counter '{\"current\":0,\"target\":200,\"processed\":0}'");
        assertTrue(run, run.contains("completed") && run.contains("200"));
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static String firstUuid(String... texts) {
        for (String text : texts) {
            Matcher m = UUID.matcher(text);
            if (m.find()) {
                return m.group();
            }
        }
        throw new AssertionError("no id in " + String.join("\n", texts));
    }
}

package org.vdfs.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionInstaller;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.operation.OperationRegistry;

/**
 * The command line of the embedded container. bnd's launcher hands over the
 * program arguments in a service property and runs the {@code main.thread}
 * Callable on the main thread; its result is the exit code.
 */
@Component(property = "main.thread=true")
public class CommandLine implements Callable<Integer> {

    private static final Set<String> COMMANDS = Set.of("call", "list", "ops", "shell", "install", "uninstall", "help");
    private static final Caller CALLER = Caller.host("cli");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Reference
    private OperationRegistry registry;
    @Reference
    private ExtensionInstaller installer;
    @Reference
    private ExtensionRegistry extensions;

    private String[] args = new String[0];
    private final PrintStream out = System.out;

    @Reference(target = "(launcher.arguments=*)")
    void launcher(Object launcher, Map<String, Object> properties) {
        Object a = properties.get("launcher.arguments");
        args = a instanceof String[] ? (String[]) a : new String[0];
    }

    @Override
    public Integer call() {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        Path extensionDir = Paths.get("extensions");
        boolean explicitDir = false;
        while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
            String option = rest.remove(0);
            if (option.equals("--help")) {
                usage();
                return 0;
            } else if (option.equals("--extensions") && !rest.isEmpty()) {
                extensionDir = Paths.get(rest.remove(0));
                explicitDir = true;
            } else {
                System.err.println("unknown option " + option + " (try --help)");
                return 2;
            }
        }
        boolean ok = true;
        if (Files.isDirectory(extensionDir)) {
            ok = installAll(extensionDir);
        } else if (explicitDir) {
            System.err.println("no folder " + extensionDir.toAbsolutePath());
            return 2;
        }
        if (rest.isEmpty()) {
            rest.add("shell");
        }
        try {
            ok &= run(rest);
        } catch (UsageException e) {
            System.err.println(e.getMessage() + " (try --help)");
            return 2;
        }
        return ok ? 0 : 1;
    }

    /** Installs every package in a folder: .wasm files, .zip archives, sub-folders holding a manifest.json. */
    private boolean installAll(Path dir) {
        boolean ok = true;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
                String name = p.getFileName().toString();
                boolean pkg = name.endsWith(".wasm") || name.endsWith(".zip")
                        || (Files.isDirectory(p) && Files.exists(p.resolve("manifest.json")));
                if (pkg) {
                    ok &= install(p);
                }
            }
        } catch (IOException e) {
            System.err.println("cannot list " + dir + ": " + e.getMessage());
            return false;
        }
        return ok;
    }

    private boolean install(Path p) {
        try {
            ExtensionInfo info = installer.install(p);
            out.println("installed " + info.id() + " " + info.manifest().version() + " from " + p + " — operations "
                    + info.operations() + ", jobs " + info.jobs().stream().map(j -> j.fullName()).toList()
                    + ", permissions " + info.manifest().permissions().methods());
            return true;
        } catch (ExtensionException e) {
            System.err.println("cannot install " + p + ": " + e.getMessage());
            return false;
        }
    }

    private boolean run(List<String> words) throws UsageException {
        boolean ok = true;
        while (!words.isEmpty()) {
            String command = words.remove(0);
            switch (command) {
                case "call": {
                    if (words.isEmpty()) {
                        throw new UsageException("call needs an operation name");
                    }
                    String method = words.remove(0);
                    String json = !words.isEmpty() && !COMMANDS.contains(words.get(0)) ? words.remove(0) : null;
                    ok &= call(method, json);
                    break;
                }
                case "list":
                    list();
                    break;
                case "ops":
                    for (OperationInfo op : registry.list()) {
                        out.printf("%-36s %-6s %-20s %s%n", op.name(), op.kind().label(), op.provider(), op.description());
                    }
                    break;
                case "install":
                    if (words.isEmpty()) {
                        throw new UsageException("install needs a path");
                    }
                    ok &= install(Paths.get(words.remove(0)));
                    break;
                case "uninstall":
                    if (words.isEmpty()) {
                        throw new UsageException("uninstall needs an extension id");
                    }
                    ok &= uninstall(words.remove(0));
                    break;
                case "help":
                    usage();
                    break;
                case "shell":
                    ok &= shell();
                    break;
                default:
                    throw new UsageException("unknown command `" + command + "`");
            }
        }
        return ok;
    }

    private boolean call(String method, String json) {
        try {
            JsonNode input = json == null ? null : JSON.readTree(json);
            out.println(JSON.writeValueAsString(registry.call(CALLER, method, null, input)));
            return true;
        } catch (JsonProcessingException e) {
            System.err.println("the input of " + method + " is not JSON: " + e.getOriginalMessage());
        } catch (OperationException e) {
            System.err.println("error [" + e.code() + "]: " + e.getMessage());
        }
        return false;
    }

    private boolean uninstall(String id) {
        try {
            installer.uninstall(id);
            out.println("uninstalled " + id);
            return true;
        } catch (ExtensionException e) {
            System.err.println(e.getMessage());
            return false;
        }
    }

    private void list() {
        List<ExtensionInfo> all = extensions.list();
        if (all.isEmpty()) {
            out.println("no extensions installed");
        }
        for (ExtensionInfo i : all) {
            out.printf("%-24s %-10s %-8s %d operations, %d jobs, %d host calls%s%n", i.id(), i.manifest().version(),
                    i.state().name().toLowerCase(), i.operations().size(), i.jobs().size(), i.stats().hostCalls(),
                    i.error() == null ? "" : " — " + i.error());
        }
    }

    /** Reads commands line by line until end of input or `quit`. */
    private boolean shell() {
        boolean interactive = System.console() != null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean ok = true;
        try {
            while (true) {
                if (interactive) {
                    out.print("vdfs> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null || line.trim().equals("quit") || line.trim().equals("exit")) {
                    return ok;
                }
                List<String> words = split(line.trim());
                if (words.isEmpty()) {
                    continue;
                }
                try {
                    ok &= run(words);
                } catch (UsageException e) {
                    System.err.println(e.getMessage() + " (type help)");
                    ok = false;
                }
            }
        } catch (IOException e) {
            System.err.println("cannot read standard input: " + e.getMessage());
            return false;
        }
    }

    /** "call echo {\"a\": 1}": the first two words, then the rest of the line as one JSON argument. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+", 3)));
        if (words.size() == 3 && !words.get(0).equals("call")) {
            words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
        }
        return words;
    }

    private void usage() {
        out.println(String.join(System.lineSeparator(),
                "usage: java -jar vdfs.jar [--extensions DIR] [COMMAND...]",
                "",
                "Starts the VDFS extension host (OSGi + WebAssembly), installs every extension package in DIR",
                "(default ./extensions: .wasm files, .zip archives, folders holding manifest.json), then runs the commands.",
                "Without commands it reads them from standard input, one per line.",
                "",
                "commands:",
                "  call METHOD [JSON]   call an operation (dotted or wire name) and print its JSON result",
                "  list                 installed extensions and their state",
                "  ops                  every operation of the registry",
                "  install PATH         install (or upgrade) an extension package",
                "  uninstall ID         remove an extension",
                "  shell                read more commands from standard input",
                "  help                 this text",
                "",
                "Exit code: 0 when every command succeeded, 1 when one failed, 2 for a usage error.",
                "Data (grants, audit trail, compiled modules) goes to ./data unless -Dvdfs.data=DIR is given."));
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}

package org.vdfs.shell.command.extension;

import java.io.PrintStream;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.Permissions;
import org.vdfs.shell.command.Display;

/** How the extension commands show an extension's permissions. */
final class ExtensionText {

    private ExtensionText() {
    }

    static void printPermissions(PrintStream out, ExtensionInfo info) {
        Permissions p = info.manifest().permissions();
        out.println("It asks for:");
        out.println("  methods          " + Display.list(p.methods()));
        out.println("  libraries        " + Display.list(p.libraries()));
        out.println("  network access   " + Display.list(p.networkAccess()));
        out.println("  rate limit       " + p.requestsPerMinute() + " calls/min, " + p.concurrentJobs()
                + " concurrent jobs");
        out.println("  memory           " + p.maxMemoryMb() + " MiB");
        out.println("  entries          " + (p.entryGlobs() == null ? "all (no entry_globs)"
                : p.entryGlobs().isEmpty() ? "none (entry_globs is empty)" : "matching " + Display.list(p.entryGlobs())));
        out.println("  sidecars         read " + kinds(p.sidecarRead()) + ", write " + kinds(p.sidecarWrite()));
    }

    private static String kinds(java.util.List<String> kinds) {
        return kinds == null ? "any kind its methods allow" : Display.list(kinds);
    }

    static String summary(ExtensionInfo info) {
        return "`" + info.id() + "` " + info.manifest().version() + " (bundle " + info.bundleId() + ", "
                + info.state().name().toLowerCase() + (info.error() == null ? "" : ": " + info.error()) + ")";
    }
}

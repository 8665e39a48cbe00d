package org.vdfs.shell.command.completers;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.vdfs.api.extension.ExtensionInfo;
import org.vdfs.api.extension.ExtensionRegistry;

/** Completes the ids of installed extensions. */
@Service
public class ExtensionIdCompleter implements Completer {

    @Reference
    ExtensionRegistry extensions;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        extensions.list().stream().map(ExtensionInfo::id).forEach(ids.getStrings()::add);
        return ids.complete(session, commandLine, candidates);
    }
}

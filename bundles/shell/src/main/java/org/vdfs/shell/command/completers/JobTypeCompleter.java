package org.vdfs.shell.command.completers;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.JobDefinition;

/** Completes {@code <extension>:<job>} names of the jobs running extensions registered. */
@Service
public class JobTypeCompleter implements Completer {

    @Reference
    ExtensionRegistry extensions;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        extensions.list().forEach(e -> e.jobs().stream().map(JobDefinition::fullName).forEach(names.getStrings()::add));
        return names.complete(session, commandLine, candidates);
    }
}

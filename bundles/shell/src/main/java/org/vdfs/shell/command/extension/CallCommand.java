package org.vdfs.shell.command.extension;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.shell.command.Shell;

@Command(scope = "ext", name = "call", description = "Calls any operation of the registry (core, vdfs.*, jobs.*,"
        + " extensions' own) as the host caller `shell`, and prints the JSON result.")
@Service
public class CallCommand implements Action {

    @Argument(index = 0, name = "method", required = true, description = "The operation: dotted"
            + " (vdfs.library_list) or wire form (query:vdfs.library_list.v1)")
    String method;

    @Argument(index = 1, name = "json", description = "The JSON input, quoted for the shell: '{\"id\": \"photos\"}'")
    String json;

    @Option(name = "-l", aliases = "--library", description = "The library id (default: the default library)")
    String library;

    @Reference
    OperationRegistry operations;

    @Override
    public Object execute() throws Exception {
        System.out.println(Shell.pretty(operations.call(Shell.CALLER, method, Shell.library(library),
                Shell.json(json, "the input"))));
        return null;
    }
}

package org.vdfs.shell.command.vdfs;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.shell.command.Shell;

/**
 * A {@code vdfs:} command: it calls the store's operation through the registry, as
 * HTTP does, so both behave alike; the command only formats the result.
 */
abstract class LibraryCommand implements Action {

    @Option(name = "-l", aliases = "--library", description = "The library id (default: the default library)")
    String library;

    @Reference
    OperationRegistry operations;

    JsonNode call(String operation, JsonNode input) throws OperationException {
        return operations.call(Shell.CALLER, operation, Shell.library(library), input);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }
}

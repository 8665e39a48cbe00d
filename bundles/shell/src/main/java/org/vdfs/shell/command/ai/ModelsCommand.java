package org.vdfs.shell.command.ai;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.shell.command.Display;
import org.vdfs.shell.command.Shell;

@Command(scope = "ai", name = "models", description = "Lists the AI models by category: every provider's (local"
        + " ones run on this machine, remote ones over HTTP) and those registered by the user.")
@Service
public class ModelsCommand implements Action {

    @Argument(index = 0, name = "category", description = "Only this category: ocr, embedding, face_detection,"
            + " classify_text, llm")
    String category;

    @Reference
    OperationRegistry operations;

    @Override
    public Object execute() throws Exception {
        JsonNode input = category == null ? null : Shell.JSON.createObjectNode().put("category", category);
        JsonNode models = operations.call(Shell.CALLER, "ai.models.list", null, input).path("models");
        ShellTable table = new ShellTable().emptyTableText(category == null
                ? "No AI models: no provider is running and none is registered (see docs/ai.md)."
                : "No AI models of category " + category + ".");
        table.column("Category");
        table.column("Name");
        table.column("Provider");
        table.column("Runs");
        table.column("Details");
        for (JsonNode m : models) {
            table.addRow().addContent(m.path("category").asText(), m.path("name").asText(),
                    m.path("provider").asText(), m.path("local").asBoolean() ? "local" : "remote",
                    Display.shorten(m.path("details").toString(), 60));
        }
        table.print(System.out);
        return null;
    }
}

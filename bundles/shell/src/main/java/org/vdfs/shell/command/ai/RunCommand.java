package org.vdfs.shell.command.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.shell.command.Shell;

@Command(scope = "ai", name = "run", description = "Runs a model of a category on one input and prints the result."
        + " For ocr and face_detection the input is an image file path (or an entry id of the library);"
        + " for embedding, classify_text and llm it is the text (the prompt, for llm).")
@Service
public class RunCommand implements Action {

    @Option(name = "-m", aliases = "--model", description = "The model: <name> or <category>:<name> (default: the"
            + " category's default under the user's preference)")
    String model;

    @Option(name = "--labels", description = "classify_text: the labels, comma-separated", multiValued = false)
    String labels;

    @Option(name = "--language", description = "ocr: the language(s), e.g. eng or eng+deu")
    String language;

    @Option(name = "--min-score", description = "face_detection: drop faces scoring below this (0..1)")
    Double minScore;

    @Option(name = "-l", aliases = "--library", description = "The library of an entry id (default: the default library)")
    String library;

    @Argument(index = 0, name = "category", required = true, description = "ocr, embedding, face_detection,"
            + " classify_text or llm")
    String category;

    @Argument(index = 1, name = "input", required = true, description = "The text, or an image file path or entry id")
    String input;

    @Reference
    OperationRegistry operations;

    @Override
    public Object execute() throws Exception {
        ObjectNode in = Shell.JSON.createObjectNode();
        if (model != null) {
            in.put("model", model);
        }
        String operation;
        switch (category) {
            case "ocr" -> {
                operation = "ai.ocr";
                in.set("image", image(input));
                if (language != null) {
                    in.put("language", language);
                }
            }
            case "face_detection" -> {
                operation = "ai.detect_faces";
                in.set("image", image(input));
                if (minScore != null) {
                    in.put("min_score", minScore);
                }
            }
            case "embedding" -> {
                operation = "ai.embed";
                in.putArray("texts").add(input);
            }
            case "classify_text" -> {
                operation = "ai.classify_text";
                if (labels == null || labels.isBlank()) {
                    throw new IllegalArgumentException("classify_text needs --labels a,b,c");
                }
                in.put("text", input);
                ArrayNode list = in.putArray("labels");
                for (String l : labels.split(",")) {
                    if (!l.isBlank()) {
                        list.add(l.trim());
                    }
                }
            }
            case "llm" -> {
                operation = "ai.generate";
                in.put("prompt", input);
            }
            default -> throw new IllegalArgumentException("unknown category `" + category
                    + "`: use ocr, embedding, face_detection, classify_text or llm");
        }
        JsonNode result = operations.call(Shell.CALLER, operation, Shell.library(library), in);
        if (result.has("vectors")) { // hundreds of numbers: show the shape and the start
            ObjectNode shown = ((ObjectNode) result.deepCopy());
            JsonNode first = result.path("vectors").path(0);
            ArrayNode head = shown.putArray("vector_start");
            for (int i = 0; i < Math.min(8, first.size()); i++) {
                head.add(first.get(i));
            }
            shown.remove("vectors");
            result = shown;
        }
        System.out.println(Shell.pretty(result));
        return null;
    }

    /** An entry id, or a file the shell reads and sends as bytes. */
    private static ObjectNode image(String input) throws Exception {
        try {
            return Shell.JSON.createObjectNode().put("entry_id", UUID.fromString(input.trim()).toString());
        } catch (IllegalArgumentException notAnId) {
            Path file = Path.of(input);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("`" + input + "` is neither an image file nor an entry id");
            }
            return Shell.JSON.createObjectNode().put("bytes_base64", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
        }
    }
}

package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.vdfs.ai.local.internal.Receipt;
import org.vdfs.api.operation.Caller;
import org.vdfs.api.operation.OperationException;
import org.vdfs.api.operation.OperationRegistry;
import org.vdfs.api.store.EntryInfo;
import org.vdfs.api.store.EntryQuery;
import org.vdfs.api.store.IndexListener;
import org.vdfs.api.store.LocationIndexer;
import org.vdfs.api.store.LocationInfo;

/**
 * Issue 7, acceptance 7: a WASM guest calls ai.ocr through spacedrive_call and
 * gets the text of a rendered receipt, from bytes and from an indexed entry
 * (the host reads the file); a guest without the OCR model permission is denied.
 */
class AiOcrGuestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller SHELL = Caller.host("test");

    @TempDir
    Path dir;

    @Test
    void aGuestReadsAReceiptThroughAiOcrAndAGuestWithoutThePermissionIsDenied() throws Exception {
        try (Container c = Container.start(dir, 30_000)) { // the first OCR loads the engine
            for (Bundle b : c.install(System.getProperty("vdfs.ai.local.bundles").split(","))) {
                assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName());
            }
            AiFixtures.awaitModel(c, "ocr:tesseract");
            c.installer().install(AiFixtures.aiPackage(dir, "receipts",
                    "{\"category\": \"ocr\", \"preference\": \"local\"}", null));
            c.installer().install(AiFixtures.aiPackage(dir, "nosy", "{\"category\": \"llm\", \"preference\": \"any\"}", null));
            OperationRegistry registry = c.registry();
            byte[] png = Receipt.png();

            ObjectNode bytes = JSON.createObjectNode();
            bytes.putObject("image").put("bytes_base64", Base64.getEncoder().encodeToString(png));
            JsonNode read = registry.call(SHELL, "receipts.ocr", null, bytes);
            assertEquals("ocr:tesseract", read.path("model").asText(), read.toString());
            assertTrue(read.path("text").asText().matches("(?s).*\\bTOTAL\\s+" + Receipt.TOTAL.replace(".", "\\.") + "\\b.*"),
                    read.toString());
            assertTrue(read.path("words").size() > 5 && read.path("words").get(0).has("width"), read.toString());

            // the same receipt as a file of an indexed location, named by its entry id
            Path folder = Files.createDirectories(dir.resolve("scans"));
            Files.write(folder.resolve("receipt.png"), png);
            LocationIndexer indexer = c.service(LocationIndexer.class);
            LocationInfo location = indexer.addLocation(null, folder.toRealPath());
            indexer.index(null, location.uuid(), null, new IndexListener() {
            });
            List<EntryInfo> entries = indexer.queryEntries(null, new EntryQuery(location.uuid(), "file", null, null,
                    null, null, 10, 0));
            assertEquals(1, entries.size(), entries.toString());
            ObjectNode byEntry = JSON.createObjectNode();
            byEntry.putObject("image").put("entry_id", entries.get(0).uuid().toString());
            JsonNode fromFile = registry.call(SHELL, "receipts.ocr", null, byEntry);
            assertEquals(read.path("text").asText(), fromFile.path("text").asText());
            ObjectNode byContent = JSON.createObjectNode();
            byContent.putObject("image").put("content_id", entries.get(0).contentUuid().toString());
            assertEquals(read.path("text").asText(), registry.call(SHELL, "receipts.ocr", null, byContent).path("text").asText());

            OperationException denied = assertThrows(OperationException.class,
                    () -> registry.call(SHELL, "nosy.ocr", null, byEntry));
            assertEquals("permission_denied", denied.code(), denied.getMessage());
        }
    }
}

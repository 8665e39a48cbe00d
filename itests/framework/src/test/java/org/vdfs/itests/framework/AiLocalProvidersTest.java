package org.vdfs.itests.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.vdfs.ai.local.internal.Receipt;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.OcrProvider;

/**
 * The local AI providers as OSGi services in a real Felix framework: the
 * bundle resolves with JNA as a bundle, and the natives (libtesseract through
 * JNA) load from inside it.
 */
class AiLocalProvidersTest {

    @TempDir
    static Path dir;
    private static Container container;

    @BeforeAll
    static void start() throws Exception {
        container = Container.start(dir);
        for (Bundle b : container.install(System.getProperty("vdfs.ai.local.bundles").split(","))) {
            assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        container.close();
    }

    @Test
    void ocrReadsTheReceipt() throws Exception {
        OcrProvider ocr = container.service(OcrProvider.class);
        List<AiModel> models = ocr.models();
        assertEquals(1, models.size(), models.toString());
        OcrProvider.OcrResult result = ocr.ocr(models.get(0), Receipt.png(), "eng");
        assertTrue(result.text().matches("(?s).*\\bTOTAL\\s+" + Receipt.TOTAL.replace(".", "\\.") + "\\b.*"),
                result.text());
    }
}

package org.vdfs.ai.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdfs.api.ai.AiCategories;
import org.vdfs.api.ai.AiException;
import org.vdfs.api.ai.AiModel;
import org.vdfs.api.ai.OcrProvider.OcrResult;
import org.vdfs.api.ai.OcrProvider.Word;

/** The real Tesseract (Debian's tesseract-ocr) on a receipt rendered by the test. */
class TesseractOcrProviderTest {

    private static TesseractOcrProvider provider;
    private static AiModel model;

    @BeforeAll
    static void start() {
        provider = new TesseractOcrProvider();
        provider.activate(Configs.of(TesseractConfig.class, Map.of()));
        List<AiModel> models = provider.models();
        assertEquals(1, models.size(), "tesseract-ocr-eng installed: " + models);
        model = models.get(0);
    }

    @AfterAll
    static void stop() {
        provider.deactivate();
    }

    @Test
    void listsItsModelWithLanguages() {
        assertEquals(AiCategories.OCR, model.category());
        assertEquals("tesseract", model.provider());
        assertTrue(model.local());
        assertTrue(((List<?>) model.details().get("languages")).contains("eng"), model.details().toString());
        assertTrue(((Long) model.details().get("size_bytes")) > 1_000_000L, model.details().toString());
    }

    @Test
    void readsTheTotalsOfARenderedReceipt() throws Exception {
        OcrResult result = provider.ocr(model, Receipt.png(), null);
        String text = result.text();
        assertTrue(text.matches("(?s).*\\bTOTAL\\s+" + Receipt.TOTAL.replace(".", "\\.") + "\\b.*"), text);
        assertTrue(text.matches("(?s).*\\bSUBTOTAL\\s+" + Receipt.SUBTOTAL.replace(".", "\\.") + "\\b.*"), text);
        assertTrue(text.contains(Receipt.TAX), text);
        for (String[] item : Receipt.ITEMS) {
            assertTrue(text.contains(item[1]), item[1] + " in " + text);
        }
        assertTrue(result.confidence() > 0.8, "mean confidence " + result.confidence());

        // the word TOTAL (not SUBTOTAL) sits where the receipt drew it: left column, last line
        Word total = result.words().stream().filter(w -> w.text().equals("TOTAL")).findFirst().orElseThrow();
        Word amount = result.words().stream().filter(w -> w.text().equals(Receipt.TOTAL)).findFirst().orElseThrow();
        assertTrue(total.x() >= 70 && total.x() <= 90, "x " + total);
        assertTrue(amount.x() > 600 && amount.x() + amount.width() <= 830, "amount " + amount);
        assertTrue(Math.abs(total.y() - amount.y()) < 10, "same line: " + total + " " + amount);
        assertTrue(total.confidence() > 0.8, total.toString());
        Word coffee = result.words().stream().filter(w -> w.text().equals("COFFEE")).findFirst().orElseThrow();
        assertTrue(coffee.y() < total.y(), "items above the total");
    }

    @Test
    void concurrentCallsShareTheEnginePool() throws Exception {
        byte[] png = Receipt.png();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<OcrResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> provider.ocr(model, png, "eng")));
            }
            for (Future<OcrResult> f : results) {
                assertTrue(f.get().text().contains(Receipt.TOTAL));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void refusesWhatItCannotRead() {
        AiException notImage = assertThrows(AiException.class,
                () -> provider.ocr(model, "not an image".getBytes(), null));
        assertEquals("invalid_input", notImage.code());
        AiException empty = assertThrows(AiException.class, () -> provider.ocr(model, new byte[0], null));
        assertEquals("invalid_input", empty.code());
        AiException language = assertThrows(AiException.class, () -> provider.ocr(model, Receipt.png(), "klingon"));
        assertEquals("model_not_found", language.code());
        AiException badName = assertThrows(AiException.class, () -> provider.ocr(model, Receipt.png(), "../etc"));
        assertEquals("invalid_input", badName.code());
    }

    @Test
    void aDeactivatedProviderEndsItsEnginesAndRefusesCalls() throws Exception {
        TesseractOcrProvider own = new TesseractOcrProvider();
        own.activate(Configs.of(TesseractConfig.class, Map.of("pool_size", 1)));
        assertTrue(own.ocr(model, Receipt.png(), null).text().contains(Receipt.TOTAL));
        own.deactivate();
        assertEquals("provider_unavailable", assertThrows(AiException.class,
                () -> own.ocr(model, Receipt.png(), null)).code());
    }

    @Test
    void aMissingLibraryIsReportedAsUnavailable() {
        TesseractOcrProvider own = new TesseractOcrProvider();
        own.activate(Configs.of(TesseractConfig.class, Map.of("library", "/nonexistent/libtesseract.so.5")));
        try {
            AiException e = assertThrows(AiException.class, () -> own.ocr(model, Receipt.png(), null));
            assertEquals("provider_unavailable", e.code());
            assertTrue(e.getMessage().contains("tesseract-ocr"), e.getMessage());
        } finally {
            own.deactivate();
        }
    }
}

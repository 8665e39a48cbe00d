package org.vdfs.ai.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {

    private static final List<String> TEXTS = List.of(
            "Hello, world!",
            "The quick brown fox jumps over the lazy dog.",
            "Unbelievably, tokenization isn't trivial: e-mail me at foo@example.com (ASAP)...",
            "Café déjà vu — naïve façade; Straße ÅNGSTRÖM",
            "日本語のテキストと中文字符 mixed with English",
            "  tabs\tand\nnew lines\r\n and   spaces  ",
            "1,234.56 € or $99.99? 50% off!!! #hashtag @mention",
            "supercalifragilisticexpialidocious antidisestablishmentarianism",
            "emoji 🙂 and control\u0007chars\u200b zero-width",
            "");

    @Test
    void matchesHuggingFaceTokenizersOnTheModelsTokenizerJson() throws Exception {
        WordPieceTokenizer ours;
        try (InputStream in = getClass().getResourceAsStream("/" + MiniLmProvider.TOKENIZER_RESOURCE)) {
            ours = WordPieceTokenizer.fromTokenizerJson(in);
        }
        assertEquals(30522, ours.vocabularySize());
        try (InputStream in = getClass().getResourceAsStream("/" + MiniLmProvider.TOKENIZER_RESOURCE);
                HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(in,
                        Map.of("padding", "false", "truncation", "false"))) {
            for (String text : TEXTS) {
                Encoding expected = reference.encode(text);
                assertArrayEquals(expected.getIds(), ours.encode(text, 512), text + " " + List.of(expected.getTokens()));
            }
        }
    }

    @Test
    void wordPiecesAndSpecialTokens() {
        WordPieceTokenizer t = new WordPieceTokenizer(Map.of("[CLS]", 1, "[SEP]", 2, "[UNK]", 3,
                "un", 10, "##aff", 11, "##able", 12, "play", 13, "!", 14));
        assertArrayEquals(new long[] {1, 10, 11, 12, 13, 14, 2}, t.encode("UNAFFABLE play!", 64));
        assertArrayEquals(new long[] {1, 3, 13, 2}, t.encode("unknown play", 64), "a word with an unknown piece is [UNK]");
        assertArrayEquals(new long[] {1, 10, 11, 2}, t.encode("unaffable play", 4), "cut at max tokens, [SEP] kept");
        assertArrayEquals(new long[] {1, 2}, t.encode("", 64));
    }

    @Test
    void basicTokensSplitPunctuationLowerCaseAndStripAccents() {
        assertEquals(List.of("hello", ",", "cafe", "world", "!", "!"), WordPieceTokenizer.basicTokens("Hello,Café  WORLD!!"));
        assertEquals(List.of("日", "本", "x"), WordPieceTokenizer.basicTokens("日本x"));
    }
}

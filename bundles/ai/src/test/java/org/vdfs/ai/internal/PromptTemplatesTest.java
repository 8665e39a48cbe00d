package org.vdfs.ai.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vdfs.ai.internal.prompt.PromptTemplates;
import org.vdfs.api.ai.AiException;

class PromptTemplatesTest {

    private final PromptTemplates templates = new PromptTemplates();

    @Test
    void rendersVariablesLoopsAndFilters() throws AiException {
        String out = templates.render("receipt", "Items:{% for i in items %} {{ i | upper }}{% endfor %}. Shop: {{ shop }}",
                Map.of("items", List.of("milk", "bread"), "shop", "Corner"));
        assertEquals("Items: MILK BREAD. Shop: Corner", out);
    }

    @Test
    void checkFindsSyntaxErrorsWithoutRendering() {
        assertEquals(List.of(), templates.check("Hello {{ name }}{% if x %}!{% endif %}"));
        assertTrue(!templates.check("{% for x in items %}{{ x }}").isEmpty(), "an unclosed for");
        assertTrue(!templates.check("{% if x %}yes").isEmpty(), "an unclosed if");
    }

    @Test
    void brokenTemplateIsAClearError() {
        AiException e = assertThrows(AiException.class,
                () -> templates.render("bad", "{% for x in %}{{ x }}", Map.of()));
        assertEquals("invalid_input", e.code());
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
    }
}

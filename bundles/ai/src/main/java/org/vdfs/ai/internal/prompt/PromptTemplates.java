package org.vdfs.ai.internal.prompt;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.Map;
import java.util.stream.Collectors;
import org.vdfs.api.ai.AiException;

/**
 * Renders Jinja prompt templates with Jinjava. Templates come from extensions
 * (untrusted): failing on unknown variables and errors, never on the host.
 */
public final class PromptTemplates {

    private final Jinjava jinjava;

    public PromptTemplates() {
        // Jinjava finds parts of itself (the EL expression factory) through the thread's
        // context class loader: under OSGi that is the caller's, so pin it to Jinjava's.
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(Jinjava.class.getClassLoader());
        try {
            jinjava = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /** Parses a template without rendering it: its syntax errors, one line each; empty when it is sound. */
    public java.util.List<String> check(String template) {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(Jinjava.class.getClassLoader());
        try {
            com.hubspot.jinjava.interpret.JinjavaInterpreter interpreter = jinjava.newInterpreter();
            interpreter.parse(template);
            return interpreter.getErrorsCopy().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                    .map(e -> (e.getLineno() > 0 ? "line " + e.getLineno() + ": " : "") + e.getMessage()).toList();
        } catch (RuntimeException e) {
            return java.util.List.of(String.valueOf(e.getMessage()));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /**
     * @param name     for messages: the template's name
     * @param template Jinja source
     * @param vars     the variables ({@code {{ name }}})
     */
    public String render(String name, String template, Map<String, Object> vars) throws AiException {
        RenderResult result;
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(Jinjava.class.getClassLoader()); // its EL factory is found by name
        try {
            result = jinjava.renderForResult(template, vars);
        } catch (RuntimeException e) {
            throw new AiException("invalid_input", "prompt template `" + name + "` cannot be rendered: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        if (!result.getErrors().isEmpty()) {
            String errors = result.getErrors().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                    .map(e -> (e.getLineno() > 0 ? "line " + e.getLineno() + ": " : "") + e.getMessage())
                    .collect(Collectors.joining("; "));
            if (!errors.isEmpty()) {
                throw new AiException("invalid_input", "prompt template `" + name + "`: " + errors);
            }
        }
        return result.getOutput();
    }
}

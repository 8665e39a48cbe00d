package org.vdfs.ai.internal.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.vdfs.ai.internal.prompt.PromptTemplates;
import org.vdfs.api.extension.ExtensionException;
import org.vdfs.api.extension.ExtensionRegistry;
import org.vdfs.api.extension.ExtensionStartParticipant;

/**
 * Parses an extension's {@code prompts/} before it starts: a template with a
 * syntax error fails the install (or the upgrade, which keeps the previous
 * version) instead of failing its first {@code ai.generate}.
 */
final class PromptCheck implements ExtensionStartParticipant {

    private final BundleContext context;
    private final Supplier<PromptTemplates> templates;

    PromptCheck(BundleContext context, Supplier<PromptTemplates> templates) {
        this.context = context;
        this.templates = templates;
    }

    @Override
    public void starting(String extensionId, long bundleId) throws ExtensionException {
        Bundle bundle = context.getBundle(bundleId);
        if (bundle == null) {
            return; // the runtime reports a vanished bundle itself
        }
        String folder = bundle.getHeaders().get(ExtensionRegistry.EXTENSION_HEADER);
        String root = (folder == null || folder.isBlank() ? "extension" : folder.replaceAll("/+$", "")) + "/prompts";
        Enumeration<URL> entries = bundle.findEntries(root, "*", true);
        List<String> problems = new ArrayList<>();
        for (URL url : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            if (url.getPath().endsWith("/")) {
                continue;
            }
            String name = url.getPath().substring(url.getPath().indexOf("/prompts/") + 1);
            try (InputStream in = url.openStream()) {
                for (String error : templates.get().check(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                    problems.add(name + ", " + error);
                }
            } catch (IOException e) {
                problems.add(name + ": unreadable (" + e.getMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ExtensionException("extension `" + extensionId + "` has broken prompt templates: "
                    + String.join("; ", problems));
        }
    }
}

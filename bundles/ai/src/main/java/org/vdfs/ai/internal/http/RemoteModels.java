package org.vdfs.ai.internal.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdfs.api.ai.AiCategories;
import org.vdfs.api.ai.AiModel;

/** Shared by the HTTP providers: the configured model list and the remote id of a model. */
final class RemoteModels {

    private RemoteModels() {
    }

    /**
     * Parses {@code models}: entries {@code category:remote-id} ({@code llm:llama3.2},
     * {@code embedding:nomic-embed-text}); a bare id is an {@code llm}. Configuration Admin
     * may hand one comma-separated string or an array: both are accepted.
     */
    static List<AiModel> parse(String[] configured, String provider, boolean local, String url, List<String> allowed) {
        List<AiModel> models = new ArrayList<>();
        for (String item : configured == null ? new String[0] : configured) {
            for (String one : item.split(",")) {
                String s = one.trim();
                if (s.isEmpty()) {
                    continue;
                }
                int colon = s.indexOf(':');
                String category = AiCategories.LLM;
                String id = s;
                if (colon > 0 && allowed.contains(s.substring(0, colon))) {
                    category = s.substring(0, colon);
                    id = s.substring(colon + 1);
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("remote_model", id);
                details.put("url", url);
                models.add(new AiModel(id, category, provider, local, null, details));
            }
        }
        return List.copyOf(models);
    }

    /** The id the service knows the model by. */
    static String remoteId(AiModel model) {
        Object id = model.details().get("remote_model");
        return id == null ? model.name() : id.toString();
    }

    /** A service on this machine (loopback) runs models locally. */
    static boolean loopback(URI url) {
        try {
            return url.getHost() != null && InetAddress.getByName(url.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The base URL without a trailing slash. */
    static String base(String url) {
        String s = url.trim();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}

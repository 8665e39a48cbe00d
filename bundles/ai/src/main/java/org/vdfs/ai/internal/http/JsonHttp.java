package org.vdfs.ai.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.vdfs.api.ai.AiException;

/**
 * POSTs JSON to an HTTP model service. Retries with exponential backoff what
 * may pass (connection failures, 5xx, 429), never a request the service
 * refused (other 4xx); a service that does not answer in time is a
 * {@code timeout}, one that cannot be reached {@code provider_unavailable},
 * with its URL in the message.
 */
public final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final HttpClient client;
    private final Duration timeout;
    private final int retries;
    private final long backoffMs;

    /**
     * @param service   what to call it in messages, e.g. {@code Ollama}
     * @param timeout   per request
     * @param retries   extra attempts after a failure that may pass
     * @param backoffMs first pause; doubled each retry
     */
    public JsonHttp(String service, Duration timeout, int retries, long backoffMs) {
        this.service = service;
        this.timeout = timeout;
        this.retries = Math.max(0, retries);
        this.backoffMs = Math.max(0, backoffMs);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A failure the service returned: status and body (for 4xx handling by the caller). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String body;

        Refused(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    public JsonNode post(URI url, JsonNode body, Map<String, String> headers) throws AiException, Refused {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(request::header);
        AiException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                pause(backoffMs << (attempt - 1), url);
            }
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpConnectTimeoutException e) {
                last = new AiException("provider_unavailable", service + " at " + url + " did not accept a connection"
                        + " within " + timeout.toMillis() + " ms", e);
                continue;
            } catch (HttpTimeoutException e) {
                // The service is there but slow: another attempt would only wait as long again.
                throw new AiException("timeout", service + " at " + url + " did not answer within "
                        + timeout.toMillis() + " ms", e);
            } catch (ConnectException e) {
                last = new AiException("provider_unavailable", service + " at " + url
                        + " is not reachable (connection refused): is it running?", e);
                continue;
            } catch (IOException e) {
                last = new AiException("provider_unavailable", service + " at " + url + " failed: " + e, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AiException("timeout", "interrupted while waiting for " + service + " at " + url, e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                try {
                    return JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new AiException("provider_unavailable", service + " at " + url
                            + " answered with something that is not JSON: " + snippet(response.body()), e);
                }
            }
            if (status >= 500 || status == 429) {
                last = new AiException(status == 429 ? "busy" : "provider_unavailable", service + " at " + url
                        + " answered HTTP " + status + ": " + snippet(response.body()));
                continue;
            }
            throw new Refused(status, snippet(response.body()));
        }
        throw new AiException(last.code(), last.getMessage() + (retries > 0 ? " (after " + (retries + 1) + " attempts)" : ""),
                last.getCause());
    }

    private void pause(long ms, URI url) throws AiException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiException("timeout", "interrupted while retrying " + service + " at " + url, e);
        }
    }

    static String snippet(String body) {
        if (body == null) {
            return "";
        }
        String s = body.strip();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}

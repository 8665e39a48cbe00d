package org.vdfs.ai.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A model service on loopback for tests: the real HTTP exchange (JSON in,
 * JSON out) of the service it stands for, answered by the handler a test gives.
 */
final class LoopbackServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    record Request(String method, String path, String authorization, JsonNode body) {
    }

    /** What to answer: status and JSON text. */
    record Answer(int status, String body) {
        static Answer ok(String json) {
            return new Answer(200, json);
        }
    }

    interface Handler {
        Answer handle(Request request) throws Exception;
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    LoopbackServer(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    raw.length == 0 ? null : JSON.readTree(raw));
            requests.add(request);
            Answer answer;
            try {
                answer = handler.handle(request);
            } catch (Exception e) {
                answer = new Answer(500, "{\"error\":\"" + e + "\"}");
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.body().startsWith("{") ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

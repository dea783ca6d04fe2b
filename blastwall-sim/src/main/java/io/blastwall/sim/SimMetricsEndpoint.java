package io.blastwall.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a simulation's metrics to Prometheus: {@code GET /metrics} answers the text exposition format 0.0.4
 * ({@code text/plain; version=0.0.4; charset=utf-8}); other methods get 405, other paths 404. Built on the JDK's own
 * HTTP server, on one daemon thread.
 *
 * <p>Thread-safe; {@link #close()} stops it.
 */
public final class SimMetricsEndpoint implements AutoCloseable {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private SimMetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code sim} on {@code host}:{@code port} (port 0 picks a free one). */
    public static SimMetricsEndpoint start(Simulation sim, String host, int port) throws IOException {
        Objects.requireNonNull(sim, "sim");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sim-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(sim, exchange));
        server.start();
        return new SimMetricsEndpoint(server, executor);
    }

    private static void handle(Simulation sim, HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!"/metrics".equals(path)) {
                send(ex, 404, "text/plain; charset=utf-8", "not found: the simulator serves GET /metrics\n", true);
                return;
            }
            String method = ex.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method " + method + " not allowed; use GET\n", true);
                return;
            }
            send(ex, 200, CONTENT_TYPE, sim.metricsText(), !"HEAD".equals(method));
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body, boolean withBody) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, withBody ? bytes.length : -1);
        if (withBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The metrics URL, e.g. {@code http://127.0.0.1:40123/metrics}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + a.getPort() + "/metrics");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

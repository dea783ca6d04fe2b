package io.blastwall.server;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP receiver on an ephemeral loopback port (the JDK's com.sun.net.httpserver): records every request, and
 * answers with the status {@code statusOfAttempt} gives for the n-th request (1-based), optionally holding every
 * request until {@link #release} — a receiver that hangs.
 */
final class Receiver implements AutoCloseable {

    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().getFirst();
            return null;
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger requests = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch hold;
    private final HttpServer server;

    Receiver(IntUnaryOperator statusOfAttempt, boolean hang) {
        this.hold = new CountDownLatch(hang ? 1 : 0);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            int n = requests.incrementAndGet();
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(Map.copyOf(ex.getRequestHeaders()), body));
            entered.countDown();
            try {
                hold.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(statusOfAttempt.applyAsInt(n), -1);
            ex.close();
        });
        server.start();
    }

    static Receiver ok() {
        return new Receiver(n -> 200, false);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    Received next() throws InterruptedException {
        Received r = received.poll(20, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("nothing received within 20 s");
        return r;
    }

    void release() {
        hold.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}

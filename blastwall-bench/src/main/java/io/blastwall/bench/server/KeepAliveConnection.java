package io.blastwall.bench.server;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over TLS, used by one load-generator thread at a time: {@link #post} writes a
 * request and blocks until the whole answer has been read. It exists so that the load generator spends as little of
 * the machine's CPU as it can (a blocking socket and a byte buffer per request, where {@code java.net.http} costs
 * about 0.6 ms of CPU per request here, close to what the server under test spends), leaving the cores to the server.
 *
 * <p>Reads answers framed by {@code Content-Length} or chunked transfer coding; anything else (an answer closed by the
 * server, an upgrade) is an {@link IOException}. After any exception the connection is unusable: close it and open a
 * new one. Not thread-safe.
 */
final class KeepAliveConnection implements AutoCloseable {

    /** A status code and body. */
    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    KeepAliveConnection(SSLContext tls, String host, int port, int timeoutMillis) throws IOException {
        this.host = host;
        this.port = port;
        socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    /** Sends {@code POST path} with a JSON body and reads the answer. */
    Answer post(String path, byte[] json) throws IOException {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + json.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(json, 0, request, head.length, json.length);
        out.write(request); // one TLS record for head and body
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) throw new IOException("not an HTTP/1.1 answer: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            if (name.equals("content-length")) length = Long.parseLong(value);
            else if (name.equals("transfer-encoding")) chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                if (!line().isEmpty()) throw new IOException("malformed chunk");
            }
            while (!line().isEmpty()) {
                // trailers, ignored
            }
        } else if (length >= 0) {
            byte[] b = in.readNBytes((int) length);
            if (b.length != length) throw new IOException("connection closed in the middle of an answer");
            body.write(b);
        } else {
            throw new IOException("an answer without Content-Length or chunked coding");
        }
        return new Answer(code, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("connection closed by the server");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

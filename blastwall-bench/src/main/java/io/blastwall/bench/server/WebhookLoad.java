package io.blastwall.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The admission webhook load run: starts {@code blastwall serve} with the webhook over TLS in its own JVM (SQLite
 * store, the example shop estate, the default policies without the freeze windows), has an agent submit the example
 * Deployment and a senior approve it, then sends AdmissionReviews to {@code https://127.0.0.1:PORT/k8s/validate}
 * open loop (one request every {@code 1/rate} s whatever the answers do) and reports send → response latency
 * percentiles for
 * <ul>
 *   <li><b>agent</b>: the approved Deployment applied by an agent service account (a fresh uid each time): parse,
 *       digest, approved-change lookup (cached for the configured TTL, dropped when the ledger moves);</li>
 *   <li><b>human</b>: a Deployment update by a person with a different image tag on every request, so that every
 *       request is assessed by the policies (no verdict is reused).</li>
 * </ul>
 * Every request goes to 127.0.0.1 and the run is bounded in time. Usage: {@code WebhookLoad --jar blastwall.jar
 * [--work DIR] [--rates 200,1000] [--warmup 10] [--duration 30] [--cache-ttl 5] [--jfr true]}.
 *
 * <p>Not thread-safe; one run per JVM.
 */
public final class WebhookLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOOPBACK = "127.0.0.1";
    private static final Path EXAMPLES = Path.of("examples", "kubernetes");
    /** Client connections (and requests in flight) at most. */
    static final int CONNECTIONS = 32;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        if (args.length % 2 != 0 || !o.containsKey("jar")) {
            System.err.println("usage: WebhookLoad --jar blastwall.jar [--work DIR] [--rates 200,1000] [--warmup S] "
                    + "[--duration S] [--cache-ttl S] [--jfr true] [--server-jvm \"JVM OPTIONS\"]");
            System.exit(2);
        }
        Path jar = Path.of(o.get("jar")).toAbsolutePath();
        Path work = o.containsKey("work") ? Path.of(o.get("work")) : Files.createTempDirectory("blastwall-webhook-load");
        Files.createDirectories(work);
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int duration = Integer.parseInt(o.getOrDefault("duration", "30"));
        int ttl = Integer.parseInt(o.getOrDefault("cache-ttl", "5"));
        List<Integer> rates = new ArrayList<>();
        for (String r : o.getOrDefault("rates", "200,1000").split(",")) rates.add(Integer.parseInt(r.strip()));

        Path[] cert = selfSigned(work);
        Path config = Files.writeString(work.resolve("admission.yaml"), """
                apiVersion: blastwall.io/v1
                kind: AdmissionConfig
                agents:
                  serviceAccounts: ["agents:*"]
                cache:
                  ttlSeconds: %d
                """.formatted(ttl));
        Path policies = ServerLoad.defaultPackWithoutFreeze(work.resolve("policies"));
        Path data = work.resolve("data-" + System.currentTimeMillis()); // a fresh store every run
        int port = ServerLoad.freePort(), tlsPort = ServerLoad.freePort();
        List<String> jvm = new ArrayList<>(List.of("-Xlog:gc:file=" + work.resolve("gc.log")));
        // --server-jvm "OPTS": extra JVM options for the server (collector experiments), split on spaces
        for (String opt : o.getOrDefault("server-jvm", "").split(" ")) if (!opt.isBlank()) jvm.add(opt);
        // --jfr true: a flight recording of the server (where its CPU time goes), in the work directory
        if (Boolean.parseBoolean(o.getOrDefault("jfr", "false"))) {
            jvm.add("-XX:StartFlightRecording=filename=" + work.resolve("server.jfr") + ",settings=profile,dumponexit=true");
        }
        Process server = ServerLoad.serve(List.of("--data-dir", data.toString(), "--estate", Path.of("examples/estate/shop.yaml").toAbsolutePath().toString(),
                "--policies", policies.toString(), "--port", Integer.toString(port), "--bind", LOOPBACK,
                "--admission-config", config.toString(), "--admission-tls-cert", cert[0].toString(),
                "--admission-tls-key", cert[1].toString(), "--admission-port", Integer.toString(tlsPort)), jvm, work);
        Path out = work.resolve("serve.out");
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String base = "http://" + LOOPBACK + ":" + port;
            ServerLoad.waitReady(plain, server, base, out);
            List<String> store = List.of("--data-dir", data.toString());
            ServerLoad.cli(jar, store, "principal", "add", "operator", "--human", "--role", "engineer", "--name", "Operator");
            ServerLoad.cli(jar, store, "principal", "add", "agent:deploy-bot", "--agent", "--on-behalf-of", "operator", "--model", "bench");
            ServerLoad.cli(jar, store, "principal", "add", "senior-a", "--human", "--role", "senior");
            String agent = ServerLoad.token(ServerLoad.cli(jar, store, "token", "create", "--principal", "agent:deploy-bot", "--name", "load"));
            String senior = ServerLoad.token(ServerLoad.cli(jar, store, "token", "create", "--principal", "senior-a", "--name", "load"));
            String changeId = approvedChange(plain, base, agent, senior);
            System.out.println("approved change " + changeId);

            String agentReview = Files.readString(EXAMPLES.resolve("admission-reviews/deployment-update-agent.json"))
                    .replace("ch_EXAMPLE", changeId);
            String humanReview = Files.readString(EXAMPLES.resolve("admission-reviews/deployment-update-human.json"));
            SSLContext https = trusting(cert[0]);
            URI uri = URI.create("https://" + LOOPBACK + ":" + tlsPort + "/k8s/validate");
            System.out.println("nproc " + Runtime.getRuntime().availableProcessors() + ", load average before: "
                    + Files.readString(Path.of("/proc/loadavg")).strip());
            for (int rate : rates) {
                run(https, uri, "agent", rate, warmup, duration, server.pid(), k -> agentReview.replace("0c9d2f0a-7f7e-4a53-9a4b-2b8f3f1d6e01", "load-" + k));
                run(https, uri, "human", rate, warmup, duration, server.pid(), k -> humanReview
                        .replace("1a2b3c4d-0000-4000-8000-00000000a001", "load-" + k)
                        .replaceFirst("checkout:1\\.8\\.0", "checkout:1.8." + (1000 + k)));
            }
            System.out.println("load average after: " + Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
        }
    }

    /** Submits the example Deployment as the agent and approves it as the senior; returns the change id. */
    private static String approvedChange(HttpClient http, String base, String agent, String senior) throws Exception {
        Map<String, Object> body = Map.of("title", "checkout 1.8.0", "format", "kubernetes", "sessionId", "load",
                "documents", List.of(Map.of("name", "checkout-deployment.yaml",
                        "content", Files.readString(EXAMPLES.resolve("approved/checkout-deployment.yaml")))));
        JsonNode c = JSON.readTree(send(http, base + "/api/v1/changes", agent, JSON.writeValueAsString(body), 201));
        String id = c.get("id").asText();
        String decision = JSON.writeValueAsString(Map.of("revision", c.path("revision").path("number").asInt(),
                "contentHash", c.path("revision").path("contentHash").asText(), "comment", "load"));
        JsonNode done = JSON.readTree(send(http, base + "/api/v1/changes/" + id + "/approvals", senior, decision, 200));
        if (!done.get("state").asText().equals("approved")) throw new IllegalStateException("not approved: " + done);
        return id;
    }

    private static String send(HttpClient http, String url, String token, String json, int expect) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) throw new IllegalStateException(url + ": http " + r.statusCode() + " " + r.body());
        return r.body();
    }

    /**
     * One open-loop run: requests are due every {@code 1/rate} s and queue for one of {@value #CONNECTIONS} keep-alive
     * connections (as the API server's bounded client does); latency runs from the due time, so queueing counts.
     * Every answer is checked to be an allowing review with the request's uid.
     */
    private static void run(SSLContext tls, URI uri, String who, int rate, int warmup, int duration, long serverPid,
                            IntFunction<String> body) throws InterruptedException {
        long cpuBefore = cpuMillis(serverPid), ownBefore = cpuMillis(ProcessHandle.current().pid());
        int warm = rate * warmup, total = warm + rate * duration;
        long period = 1_000_000_000L / rate;
        long[] due = new long[total], sent = new long[total], done = new long[total];
        String[] outcome = new String[total];
        java.util.concurrent.BlockingQueue<Integer> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch finished = new CountDownLatch(total);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < CONNECTIONS; w++) {
            workers.add(Thread.ofPlatform().daemon().name("webhook-client-" + w).start(() -> {
                KeepAliveConnection conn = null;
                try {
                    while (true) {
                        int k = queue.take();
                        byte[] json = body.apply(k).getBytes(StandardCharsets.UTF_8);
                        sent[k] = System.nanoTime();
                        try {
                            if (conn == null) conn = new KeepAliveConnection(tls, uri.getHost(), uri.getPort(), 10_000);
                            KeepAliveConnection.Answer resp = conn.post(uri.getPath(), json);
                            done[k] = System.nanoTime();
                            if (resp.status() != 200) outcome[k] = "http " + resp.status();
                            else {
                                JsonNode r = JSON.readTree(resp.body()).get("response");
                                outcome[k] = !r.get("uid").asText().equals("load-" + k) ? "wrong uid"
                                        : r.get("allowed").asBoolean() ? "allowed" : "denied: " + r.at("/status/message").asText();
                            }
                        } catch (IOException | RuntimeException e) {
                            done[k] = System.nanoTime();
                            outcome[k] = e.getClass().getSimpleName() + ": " + e.getMessage();
                            closeQuietly(conn);
                            conn = null; // a fresh connection for the next request
                        } finally {
                            finished.countDown();
                        }
                    }
                } catch (InterruptedException e) {
                    // run over
                } finally {
                    closeQuietly(conn);
                }
            }));
        }
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < total; i++) {
            due[i] = start + i * period;
            long wait;
            while ((wait = due[i] - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            queue.add(i);
        }
        if (!finished.await(60, TimeUnit.SECONDS)) System.out.println("WARNING: answers still missing 60 s after the last was due");
        workers.forEach(Thread::interrupt);
        long cpu = cpuMillis(serverPid) - cpuBefore, own = cpuMillis(ProcessHandle.current().pid()) - ownBefore;
        Latencies fromDue = new Latencies(), service = new Latencies();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = warm; i < total; i++) {
            if (done[i] == 0) { outcomes.merge("no answer", 1, Integer::sum); continue; }
            fromDue.add(done[i] - due[i]);
            service.add(done[i] - sent[i]);
            outcomes.merge(outcome[i], 1, Integer::sum);
        }
        int answered = 0;
        for (long d : done) if (d != 0) answered++;
        System.out.printf(Locale.ROOT, "%-5s %4d/s (%d s after %d s warm-up), due -> answer: %s; send -> answer: %s; outcomes %s; "
                        + "server CPU %.2f ms per answered request (%d answered); load generator CPU %.2f ms per request%n",
                who, rate, duration, warmup, fromDue.summary(), service.summary(), outcomes,
                answered == 0 ? Double.NaN : (double) cpu / answered, answered, (double) own / total);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            // the connection is being dropped anyway
        }
    }

    /** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms); -1 when unreadable. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as PEM: {cert, key}. */
    private static Path[] selfSigned(Path dir) throws Exception {
        Path p12 = dir.resolve("webhook.p12");
        Files.deleteIfExists(p12);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "webhook", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", p12.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("keytool failed: " + text);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate c = ks.getCertificate("webhook");
        PrivateKey k = (PrivateKey) ks.getKey("webhook", "changeit".toCharArray());
        var b64 = Base64.getMimeEncoder(64, new byte[]{'\n'});
        Path cert = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(k.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return new Path[]{cert, key};
    }

    private static SSLContext trusting(Path certFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            trust.setCertificateEntry("webhook", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}

package io.blastwall.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The control-plane load run: starts {@code blastwall serve} in its own JVM (on SQLite, then on an embedded
 * PostgreSQL on loopback), creates an agent and two senior reviewers with the CLI, then
 * <ol>
 *   <li>submits a {@value LoadFixtures#ACTIONS}-action Terraform plan as the agent, open loop: one request every
 *       {@code 1/rate} seconds whatever the answers do, for a warm-up and then a measured period, and reports
 *       submit-to-verdict latency (send → full response) percentiles and errors;</li>
 *   <li>approves the changes left awaiting approval with 4 concurrent closed-loop clients for a fixed time and reports
 *       approvals per second and their latency.</li>
 * </ol>
 * Every request goes to {@code 127.0.0.1}; the run is bounded in time and stops the server and the database it
 * started. Usage: {@code ServerLoad --jar blastwall.jar [--work DIR] [--db sqlite,postgresql] [--nodes 100000]
 * [--rate 50] [--warmup 15] [--duration 60] [--approve-seconds 30] [--approvers 4] [--server-jvm 'OPTIONS'] [--serve 'SERVE OPTIONS']}
 * ({@code --server-jvm}: extra JVM options for the server only, split at spaces, e.g. a JFR recording).
 *
 * <p>Not thread-safe; one run per JVM.
 */
public final class ServerLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOOPBACK = "127.0.0.1";

    private final Path jar, work, estate, policies;
    private final String bodyTemplate;
    private final int rate, warmup, duration, approveSeconds, approvers;
    private final List<String> serverJvm;
    private final List<String> serveOptions;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServerLoad(Path jar, Path work, Path estate, Path policies, String bodyTemplate, int rate, int warmup,
                       int duration, int approveSeconds, int approvers, List<String> serverJvm, List<String> serveOptions) {
        this.jar = jar;
        this.work = work;
        this.estate = estate;
        this.policies = policies;
        this.bodyTemplate = bodyTemplate;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
        this.approveSeconds = approveSeconds;
        this.approvers = approvers;
        this.serverJvm = serverJvm;
        this.serveOptions = serveOptions;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) usage("unexpected " + args[i]);
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) usage("missing value after " + args[args.length - 1]);
        if (!o.containsKey("jar")) usage("--jar is required");
        Path jar = Path.of(o.get("jar")).toAbsolutePath();
        Path work = o.containsKey("work") ? Path.of(o.get("work")) : Files.createTempDirectory("blastwall-load");
        int nodes = Integer.parseInt(o.getOrDefault("nodes", "100000"));
        Files.createDirectories(work);

        long t0 = System.nanoTime();
        LoadFixtures.Files2 f = LoadFixtures.write(work.resolve("input"), nodes, 42L);
        System.out.printf(Locale.ROOT, "fixtures: %s (%d nodes, %d edges), %s in %d ms%n", f.estate(), f.nodes(),
                f.edges(), f.plan(), (System.nanoTime() - t0) / 1_000_000);
        Path policies = defaultPackWithoutFreeze(work.resolve("policies"));
        ObjectNode body = JSON.createObjectNode();
        body.put("title", "load " + LoadFixtures.SEQ);
        body.put("format", "terraform-plan");
        body.putArray("documents").addObject().put("name", "plan.json").put("content", Files.readString(f.plan()));
        body.put("sessionId", "load-" + LoadFixtures.SEQ);
        String template = JSON.writeValueAsString(body);

        ServerLoad run = new ServerLoad(jar, work, f.estate(), policies, template,
                Integer.parseInt(o.getOrDefault("rate", "50")), Integer.parseInt(o.getOrDefault("warmup", "15")),
                Integer.parseInt(o.getOrDefault("duration", "60")),
                Integer.parseInt(o.getOrDefault("approve-seconds", "30")),
                Integer.parseInt(o.getOrDefault("approvers", "4")),
                o.getOrDefault("server-jvm", "").isBlank() ? List.of() : List.of(o.get("server-jvm").strip().split("\\s+")),
                o.getOrDefault("serve", "").isBlank() ? List.of() : List.of(o.get("serve").strip().split("\\s+")));
        for (String db : o.getOrDefault("db", "sqlite,postgresql").split(",")) run.run(db.trim());
    }

    private static void usage(String why) {
        System.err.println("ServerLoad: " + why + "\nusage: ServerLoad --jar blastwall.jar [--work DIR] "
                + "[--db sqlite,postgresql] [--nodes N] [--rate R] [--warmup S] [--duration S] "
                + "[--approve-seconds S] [--approvers N] [--server-jvm 'JVM OPTIONS']");
        System.exit(2);
    }

    /**
     * The bundled default pack minus the two freeze-window policies: their weekly window (Friday 16:00 to Monday
     * 08:00, London) would deny every agent change at the weekend, and a denied change measures nothing of approvals.
     */
    static Path defaultPackWithoutFreeze(Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = "/io/blastwall/policies/default/";
        List<String> names;
        try (InputStream in = ServerLoad.class.getResourceAsStream(base + "index.txt")) {
            if (in == null) throw new IOException("default policy pack not on the classpath");
            names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        for (String n : names) {
            if (n.startsWith("freeze-window")) continue;
            try (InputStream in = ServerLoad.class.getResourceAsStream(base + n)) {
                Files.write(dir.resolve(n), in.readAllBytes());
            }
        }
        return dir;
    }

    private void run(String db) throws Exception {
        System.out.printf("%n=== %s ===%n", db);
        Path dir = work.resolve(db);
        Files.createDirectories(dir);
        EmbeddedPostgres pg = null;
        List<String> store;
        if (db.equals("sqlite")) {
            store = List.of("--data-dir", dir.resolve("data").toString());
        } else if (db.equals("postgresql")) {
            pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true).start();
            store = List.of("--db", "postgresql://postgres@" + LOOPBACK + ":" + pg.getPort() + "/postgres");
            System.out.println("embedded PostgreSQL on " + LOOPBACK + ":" + pg.getPort());
        } else {
            throw new IllegalArgumentException("--db: sqlite or postgresql, not " + db);
        }
        Process server = null;
        try {
            int port = freePort();
            // the GC log only explains latency tails; --server-jvm options: a profiler, a collector to compare
            List<String> jvm = new ArrayList<>(List.of("-Xlog:gc:file=" + dir.resolve("gc.log")));
            jvm.addAll(serverJvm);
            List<String> args = new ArrayList<>(store);
            args.addAll(List.of("--estate", estate.toString(), "--policies", policies.toString(),
                    "--port", Integer.toString(port), "--bind", LOOPBACK));
            args.addAll(serveOptions); // --serve "OPTIONS": more options of blastwall serve (e.g. --max-analyses 1)
            Path out = dir.resolve("serve.out");
            long t0 = System.nanoTime();
            server = serve(args, jvm, dir);
            String base = "http://" + LOOPBACK + ":" + port;
            waitReady(server, base, out);
            System.out.printf(Locale.ROOT, "server ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            if (!Files.readString(out).contains("bw_")) throw new IllegalStateException("no admin token printed");

            cli(store, "principal", "add", "operator", "--human", "--role", "engineer", "--name", "Load Operator");
            cli(store, "principal", "add", "agent:loadgen", "--agent", "--on-behalf-of", "operator", "--model", "bench");
            cli(store, "principal", "add", "senior-a", "--human", "--role", "senior");
            cli(store, "principal", "add", "senior-b", "--human", "--role", "senior");
            String agent = token(cli(store, "token", "create", "--principal", "agent:loadgen", "--name", "load"));
            String[] seniors = {token(cli(store, "token", "create", "--principal", "senior-a", "--name", "load")),
                    token(cli(store, "token", "create", "--principal", "senior-b", "--name", "load"))};

            System.out.println("nproc " + Runtime.getRuntime().availableProcessors() + ", load average before: "
                    + Files.readString(Path.of("/proc/loadavg")).strip());
            ConcurrentLinkedQueue<Pending> awaiting = new ConcurrentLinkedQueue<>();
            long postmaster = pg == null ? -1 : ProcessCpu.postmaster(dir.resolve("pgdata"));
            long serverPid = server.pid();
            double[] cpu0 = new double[2];
            javax.sql.DataSource pgStats = pg == null ? null : pg.getPostgresDatabase();
            @SuppressWarnings("unchecked")
            java.util.concurrent.CompletableFuture<Map<String, PgMaintenance.Table>>[] maintenance = new java.util.concurrent.CompletableFuture[1];
            Instant[] measuredStart = new Instant[1];
            // CPU of the measured minute only: the warm-up's JIT compilation would dominate a per-request figure
            submitOpenLoop(base, agent, awaiting, () -> {
                cpu0[0] = ProcessCpu.seconds(serverPid, false);
                cpu0[1] = postmaster < 0 ? 0 : ProcessCpu.seconds(postmaster, true);
                measuredStart[0] = Instant.now();
                // read on another thread: this one paces the sends
                if (pgStats != null) maintenance[0] = java.util.concurrent.CompletableFuture.supplyAsync(() -> PgMaintenance.snapshot(pgStats));
            });
            if (pgStats != null) {
                Thread.sleep(1_000); // the statistics collector reports up to about a second late
                System.out.println("PostgreSQL maintenance during the measured submits (seconds after their start): "
                        + PgMaintenance.between(maintenance[0].join(), PgMaintenance.snapshot(pgStats), measuredStart[0]));
            }
            double[] cpu1 = {ProcessCpu.seconds(server.pid(), false), postmaster < 0 ? 0 : ProcessCpu.seconds(postmaster, true)};
            int submits = rate * duration;
            System.out.printf(Locale.ROOT, "CPU during the %d measured submits: server %.1f s (%.2f ms/submit)"
                            + ", PostgreSQL %.1f s (%.2f ms/submit)%n", submits, cpu1[0] - cpu0[0],
                    (cpu1[0] - cpu0[0]) * 1000 / submits, cpu1[1] - cpu0[1], (cpu1[1] - cpu0[1]) * 1000 / submits);
            System.out.println("load average after submits: " + Files.readString(Path.of("/proc/loadavg")).strip());
            int approved = approve(base, seniors, awaiting);
            double[] cpu2 = {ProcessCpu.seconds(server.pid(), false), postmaster < 0 ? 0 : ProcessCpu.seconds(postmaster, true)};
            System.out.printf(Locale.ROOT, "CPU during the %d approvals: server %.1f s (%.2f ms/approval), PostgreSQL %.1f s"
                            + " (%.2f ms/approval)%n", approved, cpu2[0] - cpu1[0], (cpu2[0] - cpu1[0]) * 1000 / Math.max(1, approved),
                    cpu2[1] - cpu1[1], (cpu2[1] - cpu1[1]) * 1000 / Math.max(1, approved));
        } finally {
            if (server != null) {
                server.destroy(); // SIGTERM: graceful stop
                if (!server.waitFor(60, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
            }
            if (pg != null) pg.close();
        }
    }

    /** A change left awaiting approval, with what an approver must name. */
    record Pending(String id, int revision, String contentHash) {
    }

    private void submitOpenLoop(String base, String token, ConcurrentLinkedQueue<Pending> awaiting, Runnable measuredStart)
            throws InterruptedException {
        int warm = rate * warmup, total = warm + rate * duration;
        long period = 1_000_000_000L / rate;
        long[] sent = new long[total], done = new long[total], intended = new long[total];
        int[] status = new int[total];
        String[] state = new String[total];
        CountDownLatch finished = new CountDownLatch(total);
        URI uri = URI.create(base + "/api/v1/changes");
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < total; i++) {
            final int k = i;
            intended[k] = start + k * period;
            long wait;
            while ((wait = intended[k] - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            if (k == warm) measuredStart.run();
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bodyTemplate.replace(LoadFixtures.SEQ, Integer.toString(k))))
                    .build();
            sent[k] = System.nanoTime();
            http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, ex) -> {
                done[k] = System.nanoTime();
                try {
                    if (ex != null) {
                        status[k] = -1;
                        state[k] = ex.getClass().getSimpleName();
                    } else {
                        status[k] = resp.statusCode();
                        if (resp.statusCode() == 201) {
                            JsonNode c = JSON.readTree(resp.body());
                            state[k] = c.get("state").asText() + "/" + c.path("revision").path("verdict").asText();
                            if (c.get("state").asText().equals("awaiting-approval")) {
                                awaiting.add(new Pending(c.get("id").asText(), c.path("revision").path("number").asInt(),
                                        c.path("revision").path("contentHash").asText()));
                            }
                        } else {
                            // the problem type and the start of its detail: enough to tell the failures apart, few
                            // enough distinct strings that the outcome table stays readable (pool counters differ)
                            String body = resp.body().replaceAll("[0-9]+", "N");
                            state[k] = "http " + resp.statusCode() + " " + body.substring(0, Math.min(400, body.length()));
                        }
                    }
                } catch (Exception e) {
                    state[k] = "unreadable answer: " + e.getMessage();
                } finally {
                    finished.countDown();
                }
            });
        }
        if (!finished.await(60, TimeUnit.SECONDS)) System.out.println("WARNING: answers still missing 60 s after the last send");
        Latencies service = new Latencies(), fromSchedule = new Latencies(), warmService = new Latencies();
        long lagMax = 0;
        int errors = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < total; i++) {
            if (done[i] == 0) { errors++; continue; }
            if (i < warm) { warmService.add(done[i] - sent[i]); continue; }
            service.add(done[i] - sent[i]);
            fromSchedule.add(done[i] - intended[i]);
            lagMax = Math.max(lagMax, sent[i] - intended[i]);
            if (status[i] != 201) errors++;
            outcomes.merge(state[i], 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "submit warm-up (%d s at %d/s): %s%n", warmup, rate, warmService.summary());
        System.out.printf(Locale.ROOT, "submit measured (%d s at %d/s), send -> response: %s; errors %d%n",
                duration, rate, service.summary(), errors);
        System.out.printf(Locale.ROOT, "submit measured, intended send time -> response: %s; max send lag %.1f ms%n",
                fromSchedule.summary(), lagMax / 1e6);
        System.out.println("outcomes (state/verdict): " + outcomes);
        // where the tail sits in time: a backlog left by the warm-up drains at the start, a pause shows as one bucket
        StringBuilder timeline = new StringBuilder("measured, per 10 s (p50/p99/max ms):");
        for (int from = warm; from < total; from += rate * 10) {
            Latencies b = new Latencies();
            for (int i = from; i < Math.min(total, from + rate * 10); i++) if (done[i] != 0) b.add(done[i] - sent[i]);
            timeline.append(String.format(Locale.ROOT, " [%.0f/%.0f/%.0f]", b.percentileMs(50), b.percentileMs(99), b.maxMs()));
        }
        System.out.println(timeline);
    }

    /** Approves what is awaiting; returns how many approvals succeeded. */
    private int approve(String base, String[] seniors, ConcurrentLinkedQueue<Pending> awaiting) throws InterruptedException {
        int available = awaiting.size();
        long deadline = System.nanoTime() + approveSeconds * 1_000_000_000L;
        Latencies[] lat = new Latencies[approvers];
        int[] ok = new int[approvers], failed = new int[approvers];
        Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
        Thread[] threads = new Thread[approvers];
        long t0 = System.nanoTime();
        long[] end = new long[approvers];
        for (int t = 0; t < approvers; t++) {
            final int w = t;
            lat[w] = new Latencies();
            threads[w] = Thread.ofPlatform().name("approver-" + w).start(() -> {
                String token = seniors[w % seniors.length];
                Pending p;
                while (System.nanoTime() < deadline && (p = awaiting.poll()) != null) {
                    String json = "{\"revision\":" + p.revision() + ",\"contentHash\":\"" + p.contentHash()
                            + "\",\"comment\":\"load\"}";
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/changes/" + p.id() + "/approvals"))
                            .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        lat[w].add(System.nanoTime() - s);
                        if (r.statusCode() == 200) ok[w]++;
                        else {
                            failed[w]++;
                            failures.merge("http " + r.statusCode() + " " + r.body().substring(0, Math.min(160, r.body().length())), 1, Integer::sum);
                        }
                    } catch (IOException | InterruptedException e) {
                        failed[w]++;
                        failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    }
                }
                end[w] = System.nanoTime();
            });
        }
        for (Thread th : threads) th.join();
        long last = t0;
        for (long e : end) last = Math.max(last, e);
        Latencies all = new Latencies();
        int okAll = 0, failedAll = 0;
        for (int t = 0; t < approvers; t++) {
            all.addAll(lat[t]);
            okAll += ok[t];
            failedAll += failed[t];
        }
        double secs = (last - t0) / 1e9;
        System.out.printf(Locale.ROOT, "approvals: %d awaiting, %d clients for %.1f s: %d ok (%.1f/s), %d failed; %s%n",
                available, approvers, secs, okAll, okAll / secs, failedAll, all.summary());
        if (!failures.isEmpty()) System.out.println("approval failures: " + failures);
        if (awaiting.isEmpty() && secs < approveSeconds) System.out.println("(ran out of changes awaiting approval)");
        return okAll;
    }

    private void waitReady(Process server, String base, Path out) throws Exception {
        waitReady(http, server, base, out);
    }

    /** Waits until {@code base}/readyz answers 200 (up to 5 minutes), failing early when the server exits. */
    static void waitReady(HttpClient http, Process server, String base, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) throw new IllegalStateException("server exited " + server.exitValue() + ": " + Files.readString(out));
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("server not ready after 5 minutes");
    }

    /** Runs a blastwall CLI command against the same store; returns its standard output. */
    private String cli(List<String> store, String... args) throws Exception {
        return cli(jar, store, args);
    }

    /** Runs a blastwall CLI command of {@code jar} against a store; returns its standard output. */
    static String cli(Path jar, List<String> store, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(store);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", args) + " failed: " + text);
        return text;
    }

    static String token(String cliOutput) {
        return cliOutput.lines().map(String::strip).filter(l -> l.startsWith("bw_")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no token in: " + cliOutput));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code blastwall serve ARGS} the way users start it, through bin/blastwall (its JVM options for serve
     * included), with {@code jvm} in BLASTWALL_JAVA_OPTS, which bin/blastwall appends to its own; standard output and
     * error go to serve.out and serve.log in {@code dir}. bin/blastwall execs java: the process is the server's JVM.
     */
    static Process serve(List<String> args, List<String> jvm, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of("bin", "blastwall").toAbsolutePath().toString(), "serve"));
        cmd.addAll(args);
        System.out.println("server: BLASTWALL_JAVA_OPTS='" + String.join(" ", jvm) + "' " + String.join(" ", cmd));
        ProcessBuilder launch = new ProcessBuilder(cmd).redirectOutput(dir.resolve("serve.out").toFile())
                .redirectError(dir.resolve("serve.log").toFile());
        launch.environment().put("BLASTWALL_JAVA_OPTS", String.join(" ", jvm));
        return launch.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }
}

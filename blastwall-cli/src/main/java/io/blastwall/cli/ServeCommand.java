package io.blastwall.cli;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ConfigHolder;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.store.StoreUnavailableException;
import io.blastwall.server.BlastwallServer;
import io.blastwall.server.CheckpointWriter;
import io.blastwall.server.ConfigLoader;
import io.blastwall.server.ControlPlanes;
import io.blastwall.server.OidcSettings;
import io.blastwall.server.ServerExtension;
import io.blastwall.server.ServerSettings;
import io.blastwall.server.notify.Notifier;
import io.blastwall.server.notify.NotifySettings;
import io.blastwall.server.notify.Sink;
import io.blastwall.server.notify.SlackSink;
import io.blastwall.server.notify.WebhookSink;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code blastwall serve}: runs the control plane's HTTP server until interrupted (Ctrl-C or SIGTERM stop it
 * gracefully: requests in flight finish, then the store is closed).
 *
 * <p>State lives in the database ({@code --db}, default an SQLite file in {@code --data-dir}). The estate is read from
 * {@code --estate} at every start (the store keeps no estate, so it is required); policies from {@code --policies},
 * or the bundled default pack. On the first start with no principal at all, an {@code admin} principal and an API
 * token are created and the token is printed once on standard output.
 *
 * <p>Exit codes: 0 after a graceful stop, 2 for bad input (estate, policies, options), 1 when the database cannot
 * be used. Instances are used once per execution.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the control plane: the HTTP API where agents submit changes and people approve them.")
public final class ServeCommand implements Callable<Integer> {

    /** Tests observe the started server through this (and stop it); the command itself ignores it. */
    static volatile Consumer<BlastwallServer> startedHook = s -> { };

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = ".blastwall", paramLabel = "DIR",
            description = "Where the embedded database lives (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", paramLabel = "URL",
            description = "sqlite:/path/file.db or postgresql://user:password@host:5432/db (default: sqlite in --data-dir).")
    String db;

    @Option(names = "--estate", required = true, split = ",", paramLabel = "FILE",
            description = "Estate files (Blastwall estate files or Backstage catalogs); read at every start and reload.")
    List<Path> estate;

    @Option(names = "--policies", split = ",", paramLabel = "DIR",
            description = "Policy files or directories (default: the bundled default pack).")
    List<Path> policies = List.of();

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; use 0.0.0.0 to expose it deliberately).")
    String bind;

    @Option(names = "--max-body", defaultValue = "16MiB", paramLabel = "SIZE",
            description = "Largest request body accepted, e.g. 16MiB, 512KiB (default: ${DEFAULT-VALUE}).")
    String maxBody;

    @Option(names = "--shutdown-grace", defaultValue = "20", paramLabel = "SECONDS",
            description = "How long a stop waits for requests in flight (default: ${DEFAULT-VALUE}).")
    int shutdownGrace;

    @Option(names = "--bootstrap-admin", defaultValue = "admin", paramLabel = "ID",
            description = "Id of the admin created on the first start with an empty store (default: ${DEFAULT-VALUE}).")
    String bootstrapAdmin;

    @Option(names = "--oidc-issuer", paramLabel = "URL", description = "Accept JWTs from this OIDC issuer (exact iss).")
    String oidcIssuer;

    @Option(names = "--oidc-jwks", paramLabel = "URL", description = "The issuer's JWKS URL (required with --oidc-issuer).")
    URI oidcJwks;

    @Option(names = "--oidc-client-id", paramLabel = "ID",
            description = "Offer OIDC sign-in in the web console as this public client (authorization code + PKCE); set --oidc-audience to it too.")
    String oidcClientId;

    @Option(names = "--oidc-audience", paramLabel = "AUD", description = "Required aud of OIDC tokens.")
    String oidcAudience;

    @Option(names = "--oidc-id-claim", defaultValue = "sub", paramLabel = "CLAIM",
            description = "Claim holding the principal id (default: ${DEFAULT-VALUE}).")
    String oidcIdClaim;

    @Option(names = "--oidc-roles-claim", defaultValue = "roles", paramLabel = "CLAIM",
            description = "Claim holding the roles (default: ${DEFAULT-VALUE}).")
    String oidcRolesClaim;

    @Option(names = "--max-analyses", defaultValue = "0", paramLabel = "N",
            description = "Submissions, amendments and re-checks analysed at once; more wait (503 overloaded after 30 s)"
                    + " (default: one per processor).")
    int maxAnalyses;

    @Option(names = "--warm-up", defaultValue = "30", paramLabel = "SECONDS",
            description = "Before accepting requests, rehearse submissions of a synthetic Terraform plan (read, analysed,"
                    + " written and rolled back: nothing is stored) on every processor until at least 1000 ran and the JIT"
                    + " compiler went quiet, for at most this long, so the first submissions are not slowed by a cold"
                    + " server; then the admission webhook, when"
                    + " configured, on synthetic reviews for up to 5 s (default: ${DEFAULT-VALUE}; 0 to skip).")
    int warmUpSeconds;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "N",
            description = "Sign a ledger checkpoint every N entries (and at shutdown) with the Ed25519 key in --data-dir "
                    + "(checkpoint-key.pem, created on first start; public half in checkpoint-key.pub); 0 turns it off "
                    + "(default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--checkpoint-max-age", defaultValue = "300", paramLabel = "SECONDS",
            description = "Also sign a checkpoint when the ledger grew and the last checkpoint is older than this "
                    + "(default: ${DEFAULT-VALUE}), so a quiet ledger's newest entries are vouched for within it.")
    int checkpointMaxAge;

    @Option(names = "--checkpoint-trust", paramLabel = "PUBKEYFILE",
            description = "Another replica's checkpoint-key.pub: GET /api/v1/ledger/verify checks the checkpoints it "
                    + "signed too (repeatable; this server's own key is always trusted while it signs checkpoints).")
    List<Path> checkpointTrust = List.of();

    @Option(names = "--admission-config", paramLabel = "FILE",
            description = "Serve the Kubernetes validating admission webhook (POST /k8s/validate) with this "
                    + "AdmissionConfig (which identities are agents); see docs/admission-webhook.md.")
    Path admissionConfig;

    @Option(names = "--admission-tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain the webhook serves (e.g. tls.crt of a cert-manager Secret).")
    Path admissionTlsCert;

    @Option(names = "--admission-tls-key", paramLabel = "FILE", description = "PEM private key of --admission-tls-cert.")
    Path admissionTlsKey;

    @Option(names = "--admission-port", defaultValue = "8443", paramLabel = "PORT",
            description = "TLS port of the webhook (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int admissionPort;

    @Option(names = "--admission-bind", paramLabel = "ADDRESS",
            description = "Address the webhook's TLS port listens on (default: the --bind address).")
    String admissionBind;

    @Option(names = "--admission-plain-http",
            description = "Serve the webhook without TLS on the main port, for a TLS-terminating proxy in front "
                    + "(the Kubernetes API server itself calls webhooks over HTTPS only).")
    boolean admissionPlainHttp;

    @picocli.CommandLine.Mixin
    RolloutOptions rollout = new RolloutOptions();

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The URL people reach this server's console at; notifications link to URL/changes/ID."
                    + " Required with --notify-slack or --notify-webhook.")
    String publicUrl;

    @Option(names = "--notify-slack", paramLabel = "URL",
            description = "Post to this Slack-compatible incoming webhook when a change needs approval, is approved or"
                    + " rejected, starts rolling out, is halted, rolled back or completed (repeatable; docs/notifications.md).")
    List<String> notifySlack = List.of();

    @Option(names = "--notify-webhook", paramLabel = "URL",
            description = "Post the same events as signed JSON to this URL (repeatable; needs --notify-secret-file).")
    List<String> notifyWebhook = List.of();

    @Option(names = "--notify-secret-file", paramLabel = "FILE",
            description = "File holding the HMAC-SHA256 secret that signs --notify-webhook deliveries (at least 16 bytes).")
    Path notifySecretFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerSettings settings = settings();
        List<java.security.PublicKey> trustedKeys = trustedKeys();
        rollout.validate();
        List<ServerExtension> extensions = new ArrayList<>();
        notifications().ifPresent(n -> extensions.add(new Notifier(n)));
        // read before the store opens: a bad config, certificate or key stops here with exit 2
        Optional<io.blastwall.server.admission.AdmissionWebhook> webhook = admissionWebhook(settings);
        Supplier<Config> loader = () -> ConfigLoader.load(estate, policies == null ? List.of() : policies, Clock.systemUTC());
        ConfigHolder config = new ConfigHolder(loader.get());
        StoreConfig storeConfig;
        try {
            storeConfig = db == null || db.isBlank() ? StoreConfig.inDataDir(dataDir) : StoreConfig.parse(db);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(SourceLocation.of("--db"), e.getMessage());
        }
        JdbcControlPlaneStore store;
        try {
            store = JdbcControlPlaneStore.open(storeConfig);
        } catch (StoreUnavailableException e) {
            err.println("blastwall: cannot use the database: " + e.getMessage());
            return Main.EXIT_INTERNAL;
        }
        ControlPlane cp = ControlPlanes.create(store, config, Clock.systemUTC(), io.blastwall.core.controlplane.AnalysisGate.of(maxAnalyses));
        Optional<String> token;
        try {
            token = cp.bootstrapAdmin(bootstrapAdmin);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        CheckpointWriter checkpoints = null;
        if (checkpointEvery > 0) {
            try {
                checkpoints = CheckpointWriter.start(store, dataDir, Clock.systemUTC(), checkpointEvery,
                        Duration.ofSeconds(checkpointMaxAge), Duration.ofSeconds(1));
            } catch (java.io.UncheckedIOException e) {
                store.close();
                err.println("blastwall: " + e.getMessage());
                return Main.EXIT_INTERNAL;
            }
        }
        if (warmUpSeconds > 0) {
            long t0 = System.nanoTime();
            io.blastwall.server.Warmup.Result w = io.blastwall.server.Warmup.run(cp, Duration.ofSeconds(warmUpSeconds), true);
            err.printf(java.util.Locale.ROOT, "blastwall: warmed up with %d rehearsed submissions in %.1f s%s%n", w.rehearsals(),
                    (System.nanoTime() - t0) / 1e9, w.jitQuiet() ? " (the JIT compiler went quiet)" : "");
        }
        BlastwallServer server;
        RolloutOptions.Wiring rollouts = null;
        try {
            // the rollout API (without an executor and a metrics source configured it fails closed), the MCP endpoint
            // for coding agents at /mcp and the web console at /console/; notifications (if configured) were added above
            rollouts = rollout.build(store, config.get().estate());
            extensions.addFirst(rollouts.extension());
            extensions.add(new io.blastwall.server.mcp.McpExtension(Clock.systemUTC()));
            extensions.add(new io.blastwall.server.console.ConsoleExtension(oidcIssuer == null || oidcClientId == null
                    ? Optional.empty() : Optional.of(new io.blastwall.server.console.OidcClient(oidcIssuer, oidcClientId, "openid"))));
            webhook.ifPresent(extensions::add);
            List<java.security.PublicKey> trusted = new ArrayList<>(trustedKeys);
            if (checkpoints != null) trusted.addFirst(checkpoints.publicKey());
            server = BlastwallServer.start(cp, loader, settings.withCheckpointKeys(trusted), extensions);
        } catch (RuntimeException e) {
            if (rollouts != null) rollouts.close();
            if (checkpoints != null) checkpoints.close();
            store.close();
            throw e;
        }
        server.beforeStoreClose(rollouts::close);
        rollouts.simMetrics().ifPresent(m -> out.println("blastwall: the simulation's metrics are at " + m.uri()));
        // the final checkpoint is signed once requests have drained, before the store closes
        if (checkpoints != null) server.beforeStoreClose(checkpoints::close);
        if (token.isPresent()) {
            out.println("blastwall: first start: created the admin principal '" + bootstrapAdmin + "' and its API token.");
            out.println("It is shown only this once; keep it safe (only its hash is stored):");
            out.println();
            out.println("  " + token.get());
            out.println();
            out.println("Use it as `Authorization: Bearer <token>`; create principals and tokens with `blastwall token create`.");
        }
        out.println("blastwall: serving on " + server.baseUrl() + " (store " + store.describe() + ", estate "
                + config.get().estateVersion() + ", policies " + config.get().policyVersion() + ")");
        webhook.ifPresent(w -> out.println("blastwall: admission webhook on " + w.tlsPort()
                .map(p -> "https://" + (admissionBind == null ? settings.bind() : admissionBind) + ":" + p)
                .orElse(server.baseUrl()) + io.blastwall.server.admission.AdmissionWebhook.PATH));
        out.flush();
        Thread hook = new Thread(server::stop, "blastwall-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        startedHook.accept(server);
        server.awaitStop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is what stopped us
        }
        out.println("blastwall: stopped");
        return Main.EXIT_ALLOW;
    }

    private Optional<io.blastwall.server.admission.AdmissionWebhook> admissionWebhook(ServerSettings settings) {
        boolean tlsGiven = admissionTlsCert != null || admissionTlsKey != null;
        if (admissionConfig == null) {
            if (tlsGiven || admissionPlainHttp) {
                throw new BadInputException(SourceLocation.of("--admission-config"), "the admission webhook options need "
                        + "--admission-config FILE (which identities are agents)");
            }
            return Optional.empty();
        }
        var config = io.blastwall.formats.kubernetes.admission.AdmissionConfigReader.read(admissionConfig);
        if (admissionPlainHttp) {
            if (tlsGiven) throw new BadInputException(SourceLocation.of("--admission-plain-http"), "give either a TLS certificate and key or --admission-plain-http, not both");
            return Optional.of(new io.blastwall.server.admission.AdmissionWebhook(config, Optional.empty(), Clock.systemUTC(),
                    Duration.ofSeconds(Math.max(0, Math.min(5, warmUpSeconds)))));
        }
        if (admissionTlsCert == null || admissionTlsKey == null) {
            throw new BadInputException(SourceLocation.of(admissionTlsCert == null ? "--admission-tls-cert" : "--admission-tls-key"),
                    "the API server calls webhooks over HTTPS only: give --admission-tls-cert and --admission-tls-key "
                            + "(PEM), or --admission-plain-http behind a TLS-terminating proxy");
        }
        if (admissionPort < 0 || admissionPort > 65535) {
            throw new BadInputException(SourceLocation.of("--admission-port"), "expected 0..65535, found " + admissionPort);
        }
        var tls = new io.blastwall.server.admission.AdmissionWebhook.Tls(admissionTlsCert, admissionTlsKey,
                admissionBind == null ? settings.bind() : admissionBind, admissionPort);
        return Optional.of(new io.blastwall.server.admission.AdmissionWebhook(config, Optional.of(tls), Clock.systemUTC(),
                Duration.ofSeconds(Math.max(0, Math.min(5, warmUpSeconds)))));
    }

    private ServerSettings settings() {
        if (port < 0 || port > 65535) throw new BadInputException(SourceLocation.of("--port"), "expected 0..65535, found " + port);
        if (checkpointEvery < 0) {
            throw new BadInputException(SourceLocation.of("--checkpoint-every"), "expected a number of entries ≥ 0, found " + checkpointEvery);
        }
        if (checkpointMaxAge < 1) {
            throw new BadInputException(SourceLocation.of("--checkpoint-max-age"), "expected seconds ≥ 1, found " + checkpointMaxAge);
        }
        if (shutdownGrace < 0) throw new BadInputException(SourceLocation.of("--shutdown-grace"), "expected seconds ≥ 0");
        if (maxAnalyses < 0) {
            throw new BadInputException(SourceLocation.of("--max-analyses"), "expected a number ≥ 1, or 0 for one per processor; found " + maxAnalyses);
        }
        long body = size(maxBody);
        Optional<OidcSettings> oidc = Optional.empty();
        if (oidcClientId != null && oidcIssuer == null) {
            throw new BadInputException(SourceLocation.of("--oidc-client-id"), "needs --oidc-issuer: the issuer the console signs in at");
        }
        if (oidcIssuer != null) {
            if (oidcJwks == null) {
                throw new BadInputException(SourceLocation.of("--oidc-jwks"), "--oidc-issuer needs the issuer's JWKS URL");
            }
            oidc = Optional.of(new OidcSettings(oidcIssuer, oidcJwks, oidcAudience, oidcIdClaim, oidcRolesClaim));
        }
        return new ServerSettings(bind, port, body, Duration.ofSeconds(shutdownGrace), oidc);
    }

    /** The --checkpoint-trust keys, read before anything starts: an unreadable one is bad input naming the file. */
    private List<java.security.PublicKey> trustedKeys() {
        List<java.security.PublicKey> keys = new ArrayList<>();
        for (Path k : checkpointTrust == null ? List.<Path>of() : checkpointTrust) {
            try {
                keys.add(io.blastwall.core.ledger.CheckpointKeys.readPublicKey(k));
            } catch (java.io.IOException e) {
                throw new BadInputException(SourceLocation.of(k.toString()), (e instanceof java.nio.file.NoSuchFileException
                        ? "no such file" : e.getMessage()) + " (--checkpoint-trust: a checkpoint-key.pub)");
            }
        }
        return keys;
    }

    /** The notification settings, checked before anything starts; empty when no sink is configured. */
    private Optional<NotifySettings> notifications() {
        List<String> slack = notifySlack == null ? List.of() : notifySlack;
        List<String> hooks = notifyWebhook == null ? List.of() : notifyWebhook;
        if (!hooks.isEmpty() && notifySecretFile == null) {
            throw new BadInputException(SourceLocation.of("--notify-secret-file"),
                    "--notify-webhook deliveries are signed: give the file holding the shared secret");
        }
        if (hooks.isEmpty() && notifySecretFile != null) {
            throw new BadInputException(SourceLocation.of("--notify-secret-file"), "expected with --notify-webhook only");
        }
        if (slack.isEmpty() && hooks.isEmpty()) {
            if (publicUrl != null) NotifySettings.publicUrl("--public-url", publicUrl);
            return Optional.empty();
        }
        if (publicUrl == null || publicUrl.isBlank()) {
            throw new BadInputException(SourceLocation.of("--public-url"),
                    "notifications link to the change in the console: give the URL people reach this server at");
        }
        List<Sink> sinks = new ArrayList<>();
        for (String u : slack) sinks.add(new SlackSink(NotifySettings.url("--notify-slack", u)));
        byte[] secret = hooks.isEmpty() ? null : NotifySettings.secret("--notify-secret-file", notifySecretFile);
        for (String u : hooks) sinks.add(new WebhookSink(NotifySettings.url("--notify-webhook", u), secret));
        return Optional.of(NotifySettings.of(NotifySettings.publicUrl("--public-url", publicUrl), sinks));
    }

    static long size(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][]{{"gib", "1073741824"}, {"mib", "1048576"}, {"kib", "1024"}, {"b", "1"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).strip();
                break;
            }
        }
        try {
            long n = Long.parseLong(t) * unit;
            if (n < 1024) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException(SourceLocation.of("--max-body"), "expected a size of at least 1KiB such as 16MiB or 512KiB, found '" + text + "'");
        }
    }
}

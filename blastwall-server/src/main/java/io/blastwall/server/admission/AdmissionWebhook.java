package io.blastwall.server.admission;

import io.blastwall.core.BadInputException;
import io.blastwall.formats.kubernetes.admission.AdmissionConfig;
import io.blastwall.formats.kubernetes.admission.AdmissionResponse;
import io.blastwall.formats.kubernetes.admission.AdmissionReviews;
import io.blastwall.formats.kubernetes.admission.AdmissionReviews.Parsed;
import io.blastwall.server.Json;
import io.blastwall.server.ServerContext;
import io.blastwall.server.ServerExtension;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kubernetes validating admission webhook: {@code POST /k8s/validate} takes an {@code AdmissionReview}
 * ({@code admission.k8s.io/v1} or {@code v1beta1}) and answers one in the same version with the request's uid
 * (decisions: {@link AdmissionDecider}).
 *
 * <p>With {@link Tls} settings the extension adds a TLS connector of its own (PEM certificate and key, its own
 * address and port) to the server, and the webhook answers only requests that arrived over TLS; the rest of the API
 * stays where it was. Without them it answers on the server's own connector (for a TLS-terminating proxy in front).
 *
 * <p>A review that cannot be read but has a uid is answered with {@code allowed: false}, code 400 and the JSON path
 * of the problem, which kubectl shows to the user; one without a uid cannot be answered as a review and gets a 400
 * problem (the API server then applies the webhook's {@code failurePolicy}). Thread-safe once registered.
 */
public final class AdmissionWebhook implements ServerExtension {

    /** The webhook's path. */
    public static final String PATH = "/k8s/validate";

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhook.class);

    /**
     * Where the webhook listens over TLS.
     *
     * @param cert PEM certificate chain, leaf first
     * @param key  PEM private key
     * @param bind address ({@code 0.0.0.0} inside a cluster)
     * @param port TCP port, 0 for an ephemeral one
     */
    public record Tls(Path cert, Path key, String bind, int port) {
        public Tls {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(bind, "bind");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535");
        }
    }

    private final AdmissionConfig config;
    private final Optional<Tls> tls;
    private final Optional<SslContextFactory.Server> ssl;
    private final Clock clock;
    private volatile ServerConnector connector;
    private volatile org.eclipse.jetty.server.Server jetty;
    private volatile HttpConfiguration baseHttp;
    private volatile AdmissionDecider decider;
    private volatile AutoCloseable subscription;

    /**
     * Reads the certificate and key now, so that a bad file stops the server before it starts.
     *
     * @throws BadInputException naming the file when the certificate or key cannot be used
     */
    public AdmissionWebhook(AdmissionConfig config, Optional<Tls> tls, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ssl = tls.map(t -> PemTls.serverContext(t.cert(), t.key()));
    }

    @Override
    public void register(ServerContext server) {
        ApprovedChanges approved = new ApprovedChanges(server.controlPlane().store(), Json.INSTANCE, config.cacheTtl());
        decider = new AdmissionDecider(config, approved, server.controlPlane()::config, clock);
        subscription = server.events().subscribe(e -> approved.invalidate(e.changeId()));
        if (ssl.isPresent()) {
            Tls t = tls.orElseThrow();
            // added once Jetty runs, so that the server's own connector stays the first (the one its port() reports)
            server.javalin().jetty.modifyHttpConfiguration(http -> baseHttp = http);
            server.javalin().jetty.modifyServer(jetty -> this.jetty = jetty);
            server.javalin().events.serverStarted(() -> startTls(t));
        } else {
            LOG.atWarn().log("admission webhook without TLS: the API server calls webhooks over HTTPS only, so put a "
                    + "TLS-terminating proxy in front or configure a certificate");
        }
        server.route(HandlerType.POST, PATH, ServerContext.Access.PUBLIC, this::handle);
    }

    private void startTls(Tls t) throws Exception {
        HttpConfiguration https = baseHttp == null ? new HttpConfiguration() : new HttpConfiguration(baseHttp);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(jetty, new SslConnectionFactory(ssl.orElseThrow(), "http/1.1"),
                new HttpConnectionFactory(https));
        c.setHost(t.bind());
        c.setPort(t.port());
        jetty.addConnector(c);
        c.start();
        connector = c;
        LOG.atInfo().addKeyValue("bind", t.bind()).addKeyValue("port", c.getLocalPort()).log("admission webhook listening over TLS");
    }

    /** The TLS port the webhook listens on once the server started; empty without TLS. */
    public Optional<Integer> tlsPort() {
        ServerConnector c = connector;
        return c == null ? Optional.empty() : Optional.of(c.getLocalPort());
    }

    private void handle(Context ctx) throws java.io.IOException {
        if (ssl.isPresent() && !ctx.req().isSecure()) {
            throw new ForbiddenResponse("the admission webhook answers only over TLS, on port " + tlsPort().orElse(-1));
        }
        Parsed parsed = AdmissionReviews.read("AdmissionReview", body(ctx), config.maxReviewChars());
        AdmissionResponse response = switch (parsed) {
            case Parsed.Valid v -> {
                AdmissionDecider.Verdict d = decider.decide(v.request());
                yield new AdmissionResponse(v.request().apiVersion(), v.request().uid(), d.allowed(), d.code(), d.reason(),
                        d.message(), d.warnings());
            }
            case Parsed.Invalid i -> {
                if (i.apiVersion().isEmpty() || i.uid().isEmpty()) throw i.error();
                yield new AdmissionResponse(i.apiVersion(), i.uid(), false, 400, "BadRequest",
                        "Blastwall cannot read this AdmissionReview: " + i.error().getMessage(), java.util.List.of());
            }
        };
        // written straight to the response: the answer is small and its length known, no copy through Javalin's buffer
        byte[] out = Json.writeBytes(response.toReview());
        ctx.contentType("application/json");
        ctx.res().setContentLength(out.length);
        ctx.res().getOutputStream().write(out);
    }

    /** Reviews up to this size are read straight into an array of their declared length. */
    private static final int PRESIZED_BODY = 64 * 1024;

    /**
     * The request body as text. A review of declared length (the API server always declares it) is read into one array
     * of that length: Javalin's general reader grows a buffer and copies it twice, several times the review's size in
     * garbage per request at a thousand requests a second. The server has already refused a declared length over its
     * body limit; larger or undeclared bodies go through Javalin's bounded reader.
     */
    private static String body(Context ctx) throws java.io.IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared < 0 || declared > PRESIZED_BODY) return ctx.body();
        byte[] bytes = new byte[(int) declared];
        int read = ctx.req().getInputStream().readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length) {
            throw new io.javalin.http.BadRequestResponse("the request body ended after " + read + " of the " + declared
                    + " bytes its Content-Length declares");
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        AutoCloseable s = subscription;
        if (s == null) return;
        try {
            s.close();
        } catch (Exception e) {
            LOG.atWarn().setCause(e).log("admission webhook: cannot unsubscribe from ledger events");
        }
    }
}

package io.blastwall.server.console;

import io.blastwall.server.ServerContext;
import io.blastwall.server.ServerExtension;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console, served by the server itself at {@code /console/}: static ES modules and CSS from the classpath
 * ({@code /console/…} resources of this module) and the front-end libraries from their WebJars on the classpath
 * (Cytoscape.js and uPlot, resolved from Maven Central at build time: nothing is fetched at run time). The console
 * talks to the public {@code /api/v1} only; it has no private endpoints.
 *
 * <p>Every response carries a strict Content-Security-Policy (scripts and styles from this origin only, no inline
 * script, no framing), {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer}. Only files
 * in an allow-list of extensions are served, and paths with {@code ..} or a backslash are refused.
 *
 * <p>Thread-safe: the asset cache is a concurrent map of immutable byte arrays.
 */
public final class ConsoleExtension implements ServerExtension {

    /**
     * Cytoscape.js inserts one fixed style element for its container; its hash is allowed, nothing else inline. A
     * Cytoscape upgrade that changes it shows up as a CSP violation in the browser test.
     */
    static final String CYTOSCAPE_STYLE = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='";

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' " + CYTOSCAPE_STYLE + "; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "json", "application/json");

    /** Library file names the console imports, mapped to their place in the WebJars. */
    private static final Map<String, String[]> LIBS = Map.of(
            "cytoscape.esm.min.mjs", new String[]{"cytoscape", "dist/cytoscape.esm.min.mjs"},
            "uPlot.esm.js", new String[]{"uplot", "dist/uPlot.esm.js"},
            "uPlot.min.css", new String[]{"uplot", "dist/uPlot.min.css"});

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();
    private final AuthConfig auth;

    /** The console with token sign-in only. */
    public ConsoleExtension() {
        this(Optional.empty());
    }

    /** The console; with {@code oidc}, also sign-in at that issuer (authorization code with PKCE). */
    public ConsoleExtension(Optional<OidcClient> oidc) {
        this.auth = new AuthConfig(oidc);
    }

    @Override
    public void register(ServerContext server) {
        auth.register(server);
        server.route(HandlerType.GET, "/", ServerContext.Access.PUBLIC, ctx -> ctx.redirect("/console/"));
        // the router ignores a trailing slash, so /console and /console/ reach one handler: relative module paths
        // need the slash
        server.route(HandlerType.GET, "/console", ServerContext.Access.PUBLIC, ctx -> {
            if (ctx.path().endsWith("/")) serve(ctx, "index.html");
            else ctx.redirect("/console/");
        });
        server.route(HandlerType.GET, "/console/<path>", ServerContext.Access.PUBLIC, ctx -> serve(ctx, ctx.pathParam("path")));
    }

    private void serve(Context ctx, String path) {
        // the console exchanges the OIDC code at the issuer's token endpoint itself: only that origin is added
        // (the page's policy is what counts, so only the page asks for discovery)
        ctx.header("Content-Security-Policy", !path.endsWith(".html") ? CSP : auth.known()
                .map(e -> CSP.replace("connect-src 'self'", "connect-src 'self' " + e.tokenOrigin())).orElse(CSP));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        String ext = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        String type = TYPES.get(ext);
        Optional<byte[]> body = type == null || path.contains("..") || path.contains("\\") || path.startsWith("/")
                ? Optional.empty() : cached(path);
        if (body.isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no console file " + path);
            return;
        }
        // the page itself must always be fresh (it names the modules); modules may be cached briefly
        ctx.header("Cache-Control", ext.equals("html") ? "no-store" : "max-age=300");
        ctx.status(200).contentType(type).result(body.get());
    }

    // only files that exist are cached: the keys come from request paths, so misses must not grow the map
    private Optional<byte[]> cached(String path) {
        Optional<byte[]> hit = cache.get(path);
        if (hit != null) return hit;
        Optional<byte[]> loaded = load(path);
        if (loaded.isPresent()) cache.put(path, loaded);
        return loaded;
    }

    private static Optional<byte[]> load(String path) {
        if (path.startsWith("lib/")) {
            String[] lib = LIBS.get(path.substring(4));
            if (lib == null) return Optional.empty();
            return version(lib[0]).flatMap(v -> read("/META-INF/resources/webjars/" + lib[0] + "/" + v + "/" + lib[1]));
        }
        return read("/console/" + path);
    }

    /** The version of a WebJar on the classpath, from its Maven metadata, so the pom alone decides it. */
    static Optional<String> version(String artifact) {
        return read("/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties").map(bytes -> {
            Properties p = new Properties();
            try {
                p.load(new java.io.ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("version");
        });
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = ConsoleExtension.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

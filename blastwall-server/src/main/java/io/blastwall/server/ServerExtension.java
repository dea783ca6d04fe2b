package io.blastwall.server;

/**
 * A feature that plugs its own endpoints into the server (the rollout API, the console, the MCP endpoint, the
 * admission webhook …) without the server knowing it. {@link #register} is called once, while the server is being
 * configured and before it listens; an extension that holds resources (threads, connections) releases them in
 * {@link #close}, which the server calls after the HTTP server stopped and before the store is closed.
 *
 * <p>Implementations must be thread-safe once registered: their handlers run on many request threads at once.
 */
public interface ServerExtension extends AutoCloseable {

    /** Adds this feature's routes (and, if needed, static files or other Javalin settings) to the server. */
    void register(ServerContext server);

    /** Releases what the extension holds. The default holds nothing. Must not throw. */
    @Override
    default void close() {
    }
}

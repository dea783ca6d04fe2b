package io.blastwall.server.mcp;

import io.blastwall.core.store.Principal;

import java.util.Objects;

/**
 * Who is calling a tool and where they reached the server: the principal the bearer credential authenticated (never
 * anything a tool argument says) and the server's external base URL, for links to changes. Immutable.
 *
 * @param principal the authenticated principal
 * @param baseUrl   {@code scheme://host[:port]} as the caller addressed the server, without a trailing slash
 */
record Caller(Principal principal, String baseUrl) {

    /** Key of the caller in the MCP transport context. */
    static final String KEY = "blastwall.caller";

    Caller {
        Objects.requireNonNull(principal, "principal");
        baseUrl = baseUrl == null ? "" : baseUrl;
    }

    String changeLink(String id) {
        return baseUrl + "/api/v1/changes/" + id;
    }
}

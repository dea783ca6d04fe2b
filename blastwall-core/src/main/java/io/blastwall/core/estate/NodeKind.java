package io.blastwall.core.estate;

import java.util.Locale;
import java.util.Optional;

/** What a component is. The kind decides default failure modes (a datastore holds state, a DNS name is an entry point). */
public enum NodeKind {
    SERVICE, DATASTORE, QUEUE, CACHE, LOAD_BALANCER, DNS, NETWORK, FUNCTION, STORAGE, GATEWAY, CDN, CLUSTER, SECRET, OTHER;

    /** The lower-case, hyphenated name used in files and policies ({@code load-balancer}). */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True for kinds that route traffic to targets: a change that leaves them with none is an outage. */
    public boolean isEndpoint() {
        return this == LOAD_BALANCER || this == DNS || this == GATEWAY || this == CDN;
    }

    /**
     * Parses a kind name as written in files: case-insensitive, {@code -}, {@code _} and spaces equivalent,
     * with common synonyms ({@code lb}, {@code database}, {@code db}, {@code topic}, {@code bucket}).
     */
    private static final java.util.Map<String, Optional<NodeKind>> EXACT = new java.util.HashMap<>();

    static {
        for (NodeKind k : values()) EXACT.put(k.externalName(), Optional.of(k));
    }

    public static Optional<NodeKind> parse(String text) {
        if (text == null) return Optional.empty();
        // the canonical spelling first, without allocating: a million-node estate names a kind per node
        Optional<NodeKind> exact = EXACT.get(text);
        if (exact != null) return exact;
        String k = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return Optional.ofNullable(switch (k) {
            case "service", "svc", "api", "website", "worker", "component" -> SERVICE;
            case "datastore", "database", "db", "data-store", "store" -> DATASTORE;
            case "queue", "topic", "stream" -> QUEUE;
            case "cache" -> CACHE;
            case "load-balancer", "loadbalancer", "lb" -> LOAD_BALANCER;
            case "dns" -> DNS;
            case "network", "vpc", "subnet" -> NETWORK;
            case "function", "lambda" -> FUNCTION;
            case "storage", "bucket", "object-store" -> STORAGE;
            case "gateway", "api-gateway", "ingress" -> GATEWAY;
            case "cdn" -> CDN;
            case "cluster" -> CLUSTER;
            case "secret", "secrets", "key" -> SECRET;
            case "other" -> OTHER;
            default -> null;
        });
    }

    /** Names accepted by {@link #parse}, for error messages. */
    public static String expected() {
        StringBuilder sb = new StringBuilder();
        for (NodeKind k : values()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(k.externalName());
        }
        return sb.toString();
    }
}

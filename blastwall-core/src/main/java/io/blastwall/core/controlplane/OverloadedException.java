package io.blastwall.core.controlplane;

/**
 * The control plane is too busy to take this request now; nothing was written, and the same request may be sent
 * again later (an API answers 503 with Retry-After). See {@link AnalysisGate}.
 */
public final class OverloadedException extends RuntimeException {

    public OverloadedException(String message) {
        super(message);
    }
}

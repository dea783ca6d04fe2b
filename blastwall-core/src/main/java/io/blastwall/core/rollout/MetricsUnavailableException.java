package io.blastwall.core.rollout;

/** The metrics source could not answer a query; no rollout proceeds on missing data. */
public class MetricsUnavailableException extends RuntimeException {
    public MetricsUnavailableException(String message) {
        super(message);
    }

    public MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

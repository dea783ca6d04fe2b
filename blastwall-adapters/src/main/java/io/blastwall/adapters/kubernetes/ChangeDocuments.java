package io.blastwall.adapters.kubernetes;

import io.blastwall.core.controlplane.SubmittedDocument;

import java.util.List;
import java.util.Optional;

/**
 * Port: where the Kubernetes executor gets the manifests of an approved revision. The store keeps only each
 * document's name, size and digest (manifests can hold Secrets), so the text comes from where the change lives — a
 * Git checkout, an artifact store, a directory the agent wrote to ({@link DirectoryChangeDocuments}). Whatever the
 * source, the executor re-reads the documents and applies them only when they hash to the approved content hash.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface ChangeDocuments {

    /** The documents of {@code revision} of {@code changeId}, as submitted; empty when this source does not have them. */
    Optional<List<SubmittedDocument>> documents(String changeId, int revision);
}

/**
 * The control plane's application service: submit, amend, approve, reject, withdraw and re-check changes, read them
 * back, and report who proposed what and who let it through. Pure Java over the storage port
 * ({@link io.blastwall.core.store}); the outside world plugs in the change parser, the assessment's JSON view and a
 * JSON codec ({@link io.blastwall.core.controlplane.ControlPlane.Ports}). No web, database or serialisation framework.
 *
 * <p>Every operation that changes state runs in one store transaction that also appends the ledger entries
 * recording it, so the ledger and the state always agree.
 */
package io.blastwall.core.controlplane;

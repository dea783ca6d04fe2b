/**
 * The storage port of the control plane: what is stored (changes, revisions, approvals, principals, API tokens, the
 * ledger), the operations a transaction may perform on it, and the typed failures a caller must handle.
 *
 * <p>Interfaces and records only: no JDBC, no serialisation library. The implementation lives in
 * {@code blastwall-store}. Times are kept to the millisecond (records truncate them), like ledger entries, so a
 * value read back equals the value written.
 */
package io.blastwall.core.store;

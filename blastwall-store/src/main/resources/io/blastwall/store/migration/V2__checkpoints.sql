-- Signed ledger checkpoints (io.blastwall.core.ledger.Checkpoint): the server's Ed25519 signature over
-- {sequence, headHash, time, keyId}, written every so many entries and at shutdown. No foreign key to the ledger:
-- a checkpoint must outlive an entry deleted from the ledger, which is exactly what it is there to show.
-- Several replicas (several keys) may checkpoint the same entry; one key signs an entry once.

CREATE TABLE ledger_checkpoints (
    seq        BIGINT NOT NULL,
    head_hash  TEXT   NOT NULL,
    signed_at  BIGINT NOT NULL,
    key_id     TEXT   NOT NULL,
    signature  TEXT   NOT NULL,             -- base64 Ed25519 signature
    PRIMARY KEY (seq, key_id)
);

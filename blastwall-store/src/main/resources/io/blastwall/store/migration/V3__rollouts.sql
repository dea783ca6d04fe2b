-- Progressive rollouts (io.blastwall.core.rollout): one row per rollout, one per wave, the emergency-stop flag and
-- the per-rollout lease that lets exactly one replica drive a rollout at a time. Same dialect rules as V1 (one file
-- for SQLite and PostgreSQL; times are BIGINT milliseconds since the epoch). Every write happens in the same
-- serialised transaction as the change transition and the ledger entries that record it.

CREATE TABLE rollouts (
    id            TEXT    NOT NULL PRIMARY KEY,
    change_id     TEXT    NOT NULL REFERENCES changes (id),
    revision      INTEGER NOT NULL,
    content_hash  TEXT    NOT NULL,
    state         TEXT    NOT NULL,     -- RolloutState.externalName()
    current_wave  INTEGER NOT NULL,
    reversing     BOOLEAN NOT NULL,     -- a rollback has begun: resuming continues it
    reason        TEXT    NOT NULL,
    policy        TEXT    NOT NULL,     -- the RolloutPolicy in force, canonical JSON
    promote_roles TEXT    NOT NULL,     -- JSON array of roles that may promote a wave by hand
    started_by    TEXT    NOT NULL,
    version       BIGINT  NOT NULL,     -- optimistic-lock counter, +1 per write
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX rollouts_by_created ON rollouts (created_at, id);
CREATE INDEX rollouts_by_state ON rollouts (state, created_at);
-- a change has at most one rollout that is not finished
CREATE UNIQUE INDEX rollouts_one_active_per_change ON rollouts (change_id)
    WHERE state NOT IN ('completed', 'rolled-back', 'aborted');

CREATE TABLE rollout_waves (
    rollout_id   TEXT    NOT NULL REFERENCES rollouts (id),
    number       INTEGER NOT NULL,
    label        TEXT    NOT NULL,
    targets      TEXT    NOT NULL,      -- JSON [{"nodeId":…,"region":…,"zone":…}]
    bake_ms      BIGINT  NOT NULL,
    phase        TEXT    NOT NULL,      -- WaveStatus.Phase.externalName()
    attempt      INTEGER NOT NULL,
    apply_key    TEXT    NOT NULL,      -- idempotency key of the apply step, written before the executor is called
    applied_at   BIGINT,
    bake_until   BIGINT,
    verdict      TEXT,                  -- the canary verdict, canonical JSON, null before judging
    rollback_key TEXT    NOT NULL,      -- idempotency key of the rollback step
    detail       TEXT    NOT NULL,
    PRIMARY KEY (rollout_id, number)
);

-- at most one row (id = 1): present while the emergency stop is on
CREATE TABLE rollout_emergency_stop (
    id         INTEGER NOT NULL PRIMARY KEY,
    stopped_by TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    stopped_at BIGINT  NOT NULL
);

-- who drives a rollout, until when; taken over by another replica once expired
CREATE TABLE rollout_leases (
    rollout_id TEXT   NOT NULL PRIMARY KEY REFERENCES rollouts (id),
    holder     TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);

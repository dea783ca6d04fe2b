-- Blastwall control-plane schema, version 1. One file for SQLite and PostgreSQL: only types and syntax both accept
-- (TEXT, INTEGER, BIGINT, BOOLEAN, partial unique indexes). Times are BIGINT milliseconds since the epoch (UTC).
-- Applied migrations are never edited: a changed checksum stops the server at start-up. Add V2__….sql instead.

CREATE TABLE changes (
    id                  TEXT    NOT NULL PRIMARY KEY,
    title               TEXT    NOT NULL,
    source              TEXT    NOT NULL,
    author_kind         TEXT    NOT NULL,   -- human | agent
    author_id           TEXT    NOT NULL,
    author_model        TEXT    NOT NULL,
    author_on_behalf_of TEXT    NOT NULL,
    author_session_id   TEXT    NOT NULL,
    author_prompt_hash  TEXT    NOT NULL,
    state               TEXT    NOT NULL,   -- ChangeState.externalName()
    current_revision    INTEGER NOT NULL,
    version             BIGINT  NOT NULL,   -- optimistic-lock counter, +1 per write to the row
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL
);
CREATE INDEX changes_by_created ON changes (created_at, id);
CREATE INDEX changes_by_state ON changes (state, created_at);
CREATE INDEX changes_by_author ON changes (author_id, created_at);
CREATE INDEX changes_by_on_behalf_of ON changes (author_on_behalf_of, created_at);

CREATE TABLE revisions (
    change_id      TEXT    NOT NULL REFERENCES changes (id),
    revision       INTEGER NOT NULL,
    content_hash   TEXT    NOT NULL,
    source_format  TEXT    NOT NULL,
    content        TEXT    NOT NULL,        -- {"files":[{"name":…,"text":…}]} as submitted
    analysis_json  TEXT    NOT NULL,        -- what the reviewers are shown
    verdict        TEXT    NOT NULL,
    risk           INTEGER NOT NULL,
    estate_version TEXT    NOT NULL,
    policy_version TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    PRIMARY KEY (change_id, revision)
);

CREATE TABLE approvals (
    id                 TEXT    NOT NULL PRIMARY KEY,
    change_id          TEXT    NOT NULL,
    revision           INTEGER NOT NULL,
    content_hash       TEXT    NOT NULL,
    estate_version     TEXT    NOT NULL,
    policy_version     TEXT    NOT NULL,
    approver_id        TEXT    NOT NULL,
    approver_roles     TEXT    NOT NULL,    -- JSON array of strings
    decision           TEXT    NOT NULL,    -- approve | reject
    comment_text       TEXT    NOT NULL,
    decided_at         BIGINT  NOT NULL,
    valid              BOOLEAN NOT NULL,
    invalidated_reason TEXT,
    FOREIGN KEY (change_id, revision) REFERENCES revisions (change_id, revision)
);
-- One valid decision per person and revision: a replay conflicts here. Invalidated decisions leave the index,
-- so the person can decide again after a re-check voided their approval.
CREATE UNIQUE INDEX approvals_once_per_person ON approvals (change_id, revision, approver_id) WHERE valid;
CREATE INDEX approvals_by_change ON approvals (change_id, revision, decided_at);

CREATE TABLE principals (
    id           TEXT    NOT NULL PRIMARY KEY,
    kind         TEXT    NOT NULL,          -- human | agent
    display_name TEXT    NOT NULL,
    roles        TEXT    NOT NULL,          -- JSON array of strings
    on_behalf_of TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    disabled     BOOLEAN NOT NULL,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE api_tokens (
    id           TEXT   NOT NULL PRIMARY KEY,
    principal_id TEXT   NOT NULL REFERENCES principals (id),
    name         TEXT   NOT NULL,
    token_hash   TEXT   NOT NULL UNIQUE,    -- never the token itself
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_by_principal ON api_tokens (principal_id, created_at);

-- Append-only, hash-chained (LedgerChain). No foreign keys: the record must outlive and never be blocked by the rows
-- it describes. seq is assigned under the write lock from the head, so it has no gaps.
CREATE TABLE ledger (
    seq           BIGINT NOT NULL PRIMARY KEY,
    recorded_at   BIGINT NOT NULL,
    actor         TEXT   NOT NULL,
    action        TEXT   NOT NULL,
    change_id     TEXT   NOT NULL,          -- empty when none
    payload       TEXT   NOT NULL,          -- canonical JSON (CanonicalJson)
    previous_hash TEXT   NOT NULL,
    hash          TEXT   NOT NULL
);
CREATE INDEX ledger_by_change ON ledger (change_id, seq);

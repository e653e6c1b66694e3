-- Second factor (TOTP). The secret is sealed (AES-GCM) with a key kept
-- outside the database and stored as base64 text; recovery codes and
-- mfa_tokens are SHA-256 hashes.

CREATE TABLE mfa_totp (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret     TEXT NOT NULL,
    -- NULL while the enrolment waits for its first code.
    enabled_at INTEGER,
    -- The last time step accepted: a code is good once.
    last_step  INTEGER NOT NULL DEFAULT -1,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE mfa_recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash    TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, hash)
) WITHOUT ROWID;

-- A login that passed its password and waits for its code.
CREATE TABLE mfa_tokens (
    hash       TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    spent_at   INTEGER
) WITHOUT ROWID;
CREATE INDEX mfa_tokens_user ON mfa_tokens (user_id);
CREATE INDEX mfa_tokens_expires ON mfa_tokens (expires_at);

-- Public keys users link to their accounts so that the SSH gateway can
-- start their sessions signed in. A key (by its SHA-256 fingerprint) is
-- linked to one account at most.
CREATE TABLE IF NOT EXISTS ssh_keys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    fingerprint  TEXT NOT NULL UNIQUE,
    key_type     TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX IF NOT EXISTS ssh_keys_user ON ssh_keys (user_id, created_at);

-- Public keys users link to their accounts so that the SSH gateway can
-- start their sessions signed in. A key (by its SHA-256 fingerprint) is
-- linked to one account at most. IF NOT EXISTS: a test replays the
-- migrations after 0003 on a database that keeps this table.
CREATE TABLE IF NOT EXISTS ssh_keys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    fingerprint  TEXT NOT NULL UNIQUE,
    key_type     TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    name         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX IF NOT EXISTS ssh_keys_user ON ssh_keys (user_id, created_at);

CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ssh_keys
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();

-- Pruning dead sessions (and, by cascade, their refresh tokens) scans by
-- expiry and revocation time.
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- One-time codes mailed to a person (email verification, password reset,
-- invitation): one live code per user and purpose, stored only as a keyed
-- hash, with its count of wrong tries and its expiry.
CREATE TABLE one_time_codes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    hash       BLOB NOT NULL,
    tries      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, purpose)
);
CREATE INDEX one_time_codes_expiry ON one_time_codes (expires_at);

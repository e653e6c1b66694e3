-- One-time codes mailed to a person (email verification, password reset,
-- invitation): the same table as SQLite's 0007.
CREATE TABLE one_time_codes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    hash       BYTEA NOT NULL,
    tries      BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, purpose)
);
CREATE INDEX one_time_codes_expiry ON one_time_codes (expires_at);

CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON one_time_codes
    FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();

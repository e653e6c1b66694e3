-- Mail: the same columns and tables as SQLite's 0006_mail.sql, so data
-- moves between the engines unchanged.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN notify_email BOOLEAN NOT NULL DEFAULT TRUE;

-- One row per mail, written in the transaction of the change that caused
-- it. data (JSON of the template's fields, which may hold a code) and
-- calendar are emptied once the mail is sent or failed. next_at is when a
-- queued mail is next due: its retry time, or the end of the lease of the
-- sender that claimed it (claim), after which another may. Senders of
-- several replicas claim with FOR UPDATE SKIP LOCKED.
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL,
    to_addr         TEXT NOT NULL,
    to_name         TEXT NOT NULL,
    template        TEXT NOT NULL,
    data            BYTEA NOT NULL,
    calendar_method TEXT NOT NULL,
    calendar        BYTEA NOT NULL,
    subject         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL,
    last_error      TEXT NOT NULL,
    next_at         BIGINT NOT NULL,
    claim           TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_at, id) WHERE status = 'queued';
CREATE INDEX mail_outbox_created ON mail_outbox (created_at, id);
CREATE INDEX mail_outbox_status_created ON mail_outbox (status, created_at, id);
CREATE INDEX mail_outbox_user ON mail_outbox (user_id);
CREATE INDEX mail_outbox_to ON mail_outbox (to_addr);

CREATE TABLE mail_templates (
    name       TEXT PRIMARY KEY,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The outbox changes on every send and nothing cached reads it, so,
-- like audit_events, it announces nothing (0004_change_notify.sql);
-- templates do, so that every replica's sender sees an override.
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mail_templates
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();

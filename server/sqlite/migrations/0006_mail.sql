-- Mail: whether a user's address is verified and whether they want
-- notifications by mail, the outbox and the admins' template overrides.
ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1));
ALTER TABLE users ADD COLUMN notify_email INTEGER NOT NULL DEFAULT 1 CHECK (notify_email IN (0, 1));

-- One row per mail, written in the transaction of the change that caused
-- it. data (JSON of the template's fields, which may hold a code) and
-- calendar are emptied once the mail is sent or failed. next_at is when a
-- queued mail is next due: its retry time, or the end of the lease of the
-- sender that claimed it (claim), after which another may.
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL,
    to_addr         TEXT NOT NULL,
    to_name         TEXT NOT NULL,
    template        TEXT NOT NULL,
    data            BLOB NOT NULL,
    calendar_method TEXT NOT NULL,
    calendar        BLOB NOT NULL,
    subject         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL,
    last_error      TEXT NOT NULL,
    next_at         INTEGER NOT NULL,
    claim           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
-- The sender's scan: due queued mails only.
CREATE INDEX mail_outbox_due ON mail_outbox (next_at, id) WHERE status = 'queued';
-- The mail log, all and by status, newest first.
CREATE INDEX mail_outbox_created ON mail_outbox (created_at, id);
CREATE INDEX mail_outbox_status_created ON mail_outbox (status, created_at, id);
-- A person's mails, for their export and erasure.
CREATE INDEX mail_outbox_user ON mail_outbox (user_id);
CREATE INDEX mail_outbox_to ON mail_outbox (to_addr);

CREATE TABLE mail_templates (
    name       TEXT PRIMARY KEY,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

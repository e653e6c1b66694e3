-- Messages between an application's candidate and the job's people, how
-- far each reader has read them, and the reason kept with a rejection.

CREATE TABLE messages (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id      TEXT NOT NULL REFERENCES users (id),
    body           TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX messages_application_created ON messages (application_id, created_at, id);
-- A person's export reads the messages they wrote.
CREATE INDEX messages_author_created ON messages (author_id, created_at, id);

-- The newest message (its key: created_at, id) a user has read on an
-- application; unread counts are the messages by others after it.
CREATE TABLE message_reads (
    user_id        TEXT NOT NULL REFERENCES users (id),
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    read_at        INTEGER NOT NULL,
    read_id        TEXT NOT NULL,
    PRIMARY KEY (user_id, application_id)
) WITHOUT ROWID;

ALTER TABLE application_history ADD COLUMN reason TEXT NOT NULL DEFAULT '';

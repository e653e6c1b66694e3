-- Times are UTC unix nanoseconds (INTEGER). Ids are opaque text.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('candidate', 'recruiter', 'admin')),
    active        INTEGER NOT NULL CHECK (active IN (0, 1)),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_created ON users (created_at, id);
CREATE INDEX users_role_created ON users (role, created_at, id);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX sessions_user ON sessions (user_id, created_at);

-- Every refresh token a session ever issued: spent ones stay so that
-- presenting one again is recognised as reuse.
CREATE TABLE refresh_tokens (
    hash       TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    spent_at   INTEGER,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE login_attempts (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_attempts_key_at ON login_attempts (key, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- user_id has no foreign key: failed logins for unknown emails are audited
-- too, and the log must outlive whatever it describes.
CREATE TABLE audit_events (
    id      TEXT PRIMARY KEY,
    at      INTEGER NOT NULL,
    type    TEXT NOT NULL,
    user_id TEXT NOT NULL,
    email   TEXT NOT NULL,
    ip      TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_events (at, id);
CREATE INDEX audit_user_at ON audit_events (user_id, at, id);
CREATE INDEX audit_type_at ON audit_events (type, at, id);

-- seq is the integer rowid the full-text index refers to; id is the public
-- identifier.
CREATE TABLE jobs (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    location        TEXT NOT NULL,
    employment_type TEXT NOT NULL,
    salary_min      INTEGER,
    salary_max      INTEGER,
    status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    recruiter_id    TEXT NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX jobs_created ON jobs (created_at, id);
-- status trails so that "my open jobs" is answered from the index alone.
CREATE INDEX jobs_recruiter_created ON jobs (recruiter_id, created_at, id, status);
CREATE INDEX jobs_status_created ON jobs (status, created_at, id);

CREATE VIRTUAL TABLE jobs_fts USING fts5 (
    title, description, location,
    content = 'jobs', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_fts (rowid, title, description, location)
    VALUES (new.seq, new.title, new.description, new.location);
END;

CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, title, description, location)
    VALUES ('delete', old.seq, old.title, old.description, old.location);
END;

-- Only text changes touch the index, so opening or closing a job is cheap.
CREATE TRIGGER jobs_fts_update AFTER UPDATE OF title, description, location ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, title, description, location)
    VALUES ('delete', old.seq, old.title, old.description, old.location);
    INSERT INTO jobs_fts (rowid, title, description, location)
    VALUES (new.seq, new.title, new.description, new.location);
END;

CREATE TABLE applications (
    id           TEXT PRIMARY KEY,
    job_id       TEXT NOT NULL REFERENCES jobs (id),
    candidate_id TEXT NOT NULL REFERENCES users (id),
    cover_letter TEXT NOT NULL,
    resume_text  TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (candidate_id, job_id)
);
CREATE INDEX applications_created ON applications (created_at, id);
CREATE INDEX applications_job_created ON applications (job_id, created_at, id);
CREATE INDEX applications_job_status ON applications (job_id, status, created_at, id);
CREATE INDEX applications_candidate_created ON applications (candidate_id, created_at, id);
CREATE INDEX applications_status_created ON applications (status, created_at, id);

-- by_name is the actor's name when the change was made, not their current one.
CREATE TABLE application_history (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    status         TEXT NOT NULL,
    at             INTEGER NOT NULL,
    by_id          TEXT NOT NULL,
    by_name        TEXT NOT NULL,
    PRIMARY KEY (application_id, seq)
) WITHOUT ROWID;

CREATE TABLE notes (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id      TEXT NOT NULL REFERENCES users (id),
    body           TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX notes_application_created ON notes (application_id, created_at, id);

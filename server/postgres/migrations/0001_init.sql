-- The same tables and columns as the SQLite schema, so that data moves
-- between the engines unchanged: times are UTC unix nanoseconds (BIGINT,
-- see sqlstore.TS), ids are opaque text.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('candidate', 'recruiter', 'admin')),
    active        BOOLEAN NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX users_created ON users (created_at, id);
CREATE INDEX users_role_created ON users (role, created_at, id);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id, created_at);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- Every refresh token a session ever issued: spent ones stay so that
-- presenting one again is recognised as reuse.
CREATE TABLE refresh_tokens (
    hash       TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    spent_at   BIGINT,
    expires_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE login_attempts (
    id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX login_attempts_key_at ON login_attempts (key, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- user_id has no foreign key: failed logins for unknown emails are audited
-- too, and the log must outlive whatever it describes.
CREATE TABLE audit_events (
    id      TEXT PRIMARY KEY,
    at      BIGINT NOT NULL,
    type    TEXT NOT NULL,
    user_id TEXT NOT NULL,
    email   TEXT NOT NULL,
    ip      TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_events (at, id);
CREATE INDEX audit_user_at ON audit_events (user_id, at, id);
CREATE INDEX audit_type_at ON audit_events (type, at, id);

-- search holds the job's words as the adapter folds them (lower case,
-- without diacritics, split like SQLite's unicode61 tokenizer), so that a
-- search matches the same jobs on both engines.
CREATE TABLE jobs (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    location        TEXT NOT NULL,
    employment_type TEXT NOT NULL,
    salary_min      BIGINT,
    salary_max      BIGINT,
    status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    recruiter_id    TEXT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    search          TSVECTOR NOT NULL
);
CREATE INDEX jobs_created ON jobs (created_at, id);
CREATE INDEX jobs_recruiter_created ON jobs (recruiter_id, created_at, id, status);
CREATE INDEX jobs_status_created ON jobs (status, created_at, id);
CREATE INDEX jobs_search ON jobs USING GIN (search);

CREATE TABLE applications (
    id           TEXT PRIMARY KEY,
    job_id       TEXT NOT NULL REFERENCES jobs (id),
    candidate_id TEXT NOT NULL REFERENCES users (id),
    cover_letter TEXT NOT NULL,
    resume_text  TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT applications_candidate_job UNIQUE (candidate_id, job_id)
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
    at             BIGINT NOT NULL,
    by_id          TEXT NOT NULL,
    by_name        TEXT NOT NULL,
    PRIMARY KEY (application_id, seq)
);

CREATE TABLE notes (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id      TEXT NOT NULL REFERENCES users (id),
    body           TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX notes_application_created ON notes (application_id, created_at, id);

-- Public halves of the JWT signing keys of every replica (private keys
-- never leave the replica's data directory). A key verifies tokens until
-- retire_at; a key rotation sets it on every current key.
CREATE TABLE signing_keys (
    kid        TEXT PRIMARY KEY,
    alg        TEXT NOT NULL,
    public_key BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    retire_at  BIGINT
);

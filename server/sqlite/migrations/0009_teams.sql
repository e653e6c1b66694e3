-- Hiring teams, interviews, scorecards and feedback.

-- The interviewer role. SQLite cannot alter a CHECK constraint, so the
-- stored CREATE TABLE text of users is edited in place (SQLite's documented
-- procedure for loosening a constraint: every existing row still passes
-- it). Raising schema_version makes every open connection re-read the
-- schema; it is set far past any count of schema changes a database has
-- had, so it always differs from the one they hold.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
   SET sql = replace(sql, 'role IN (''candidate'', ''recruiter'', ''admin'')',
                          'role IN (''candidate'', ''interviewer'', ''recruiter'', ''admin'')')
 WHERE type = 'table' AND name = 'users';
PRAGMA schema_version = 1000009;
PRAGMA writable_schema = OFF;

-- A job's team besides its owner. role is the member's part on this job;
-- the account's role must match it (a recruiter account as recruiter, an
-- interviewer account as interviewer), checked by the server.
CREATE TABLE job_team (
    job_id   TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('recruiter', 'interviewer')),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, user_id)
);
CREATE INDEX job_team_user ON job_team (user_id, job_id);

CREATE TABLE interviews (
    id               TEXT PRIMARY KEY,
    application_id   TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    organizer_id     TEXT NOT NULL REFERENCES users (id),
    starts_at        INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL,
    location         TEXT NOT NULL,
    url              TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
    sequence         INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX interviews_application ON interviews (application_id, starts_at, id);

CREATE TABLE interview_interviewers (
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (interview_id, user_id)
);
CREATE INDEX interview_interviewers_user ON interview_interviewers (user_id, interview_id);

-- criteria is the JSON list of hiregate.Criterion.
CREATE TABLE scorecards (
    job_id                TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    criteria              TEXT NOT NULL,
    required_before_offer INTEGER NOT NULL CHECK (required_before_offer IN (0, 1)),
    updated_at            INTEGER NOT NULL
);

-- ratings is the JSON object criterion -> 1..4. application_id repeats the
-- interview's so an application's feedback is one index range.
CREATE TABLE feedback (
    interview_id   TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    author_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    ratings        TEXT NOT NULL,
    recommendation TEXT NOT NULL CHECK (recommendation IN ('strong_no', 'no', 'yes', 'strong_yes')),
    notes          TEXT NOT NULL,
    submitted_at   INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (interview_id, author_id)
);
CREATE INDEX feedback_application ON feedback (application_id, submitted_at);

-- Fair screening: the skill list, the skills jobs declare, each
-- application's stored match score, and voluntary self-identification
-- (read only by the impact report; its routes belong to the fairness
-- work, which uses this table rather than creating its own).

-- The skill list: built-in entries are added at start when missing, an
-- admin's import adds or replaces by name_key (screening.SkillKey).
-- aliases are joined by '|', which no name or alias holds.
CREATE TABLE skills (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    aliases    TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- What a job scores with, beyond its title and description: its skills
-- (names joined by '|'), and versions. version changes with every change
-- to what scores are computed from (title, description, skills, the
-- skill list); scored is the version every application of the job has
-- a score for (-1: not known). A job without a row has version 0.
CREATE TABLE job_scoring (
    job_id   TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    required TEXT NOT NULL,
    nice     TEXT NOT NULL,
    version  INTEGER NOT NULL,
    scored   INTEGER NOT NULL
);

-- Each application's score for its job at a job_scoring version, with
-- its explanation (JSON: terms, skills, missing), written in the
-- transaction that writes the application's text; the index pages a
-- job's ranking by keyset (score, id).
CREATE TABLE application_scores (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    job_id         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    score          INTEGER NOT NULL,
    explain        TEXT NOT NULL
);
CREATE INDEX application_scores_rank ON application_scores (job_id, score, application_id);

CREATE TABLE demographics (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    gender     TEXT,
    ethnicity  TEXT,
    age_band   TEXT,
    updated_at INTEGER
);

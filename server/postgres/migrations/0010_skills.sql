-- Fair screening: the same tables as SQLite's 0010 (see there), with
-- their change triggers.

CREATE TABLE skills (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    aliases    TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE job_scoring (
    job_id   TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    required TEXT NOT NULL,
    nice     TEXT NOT NULL,
    version  BIGINT NOT NULL,
    scored   BIGINT NOT NULL
);

CREATE TABLE application_scores (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    job_id         TEXT NOT NULL,
    version        BIGINT NOT NULL,
    score          INTEGER NOT NULL,
    explain        TEXT NOT NULL
);
CREATE INDEX application_scores_rank ON application_scores (job_id, score, application_id);

CREATE TABLE demographics (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    gender     TEXT,
    ethnicity  TEXT,
    age_band   TEXT,
    updated_at BIGINT
);

CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON skills
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON job_scoring
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON application_scores
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON demographics
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();

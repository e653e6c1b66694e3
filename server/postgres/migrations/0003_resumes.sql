-- Resumes, screening profiles, running funnel counts (issue 12): the same
-- tables as SQLite's 0005, so data moves between the engines unchanged.

CREATE TABLE resumes (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    text_chars     BIGINT NOT NULL,
    pages          BIGINT NOT NULL,
    uploaded_at    BIGINT NOT NULL,
    data           BYTEA NOT NULL
);

CREATE TABLE application_profiles (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    job_id         TEXT NOT NULL,
    version        BIGINT NOT NULL,
    profile        BYTEA NOT NULL
);
CREATE INDEX application_profiles_job ON application_profiles (job_id, application_id, version);

-- Running funnel counts in three scopes ('job:<id>', 'rec:<recruiter
-- id>', 'all'), kept by the trigger below in the transaction that writes
-- each history entry. Concurrent writers take the counters' row locks in
-- the order of their statements; a deadlock between two is retried by the
-- store like any other.
CREATE TABLE pipeline_ranks (
    stage TEXT PRIMARY KEY,
    rank  INTEGER NOT NULL
);
INSERT INTO pipeline_ranks (stage, rank) VALUES
    ('applied', 0), ('screening', 1), ('interview', 2), ('offer', 3), ('hired', 4),
    ('rejected', -1), ('withdrawn', -1);

CREATE TABLE funnel_counts (
    scope   TEXT NOT NULL,
    stage   TEXT NOT NULL,
    reached BIGINT NOT NULL,
    current BIGINT NOT NULL,
    PRIMARY KEY (scope, stage)
);

CREATE TABLE funnel_dwell (
    scope TEXT NOT NULL,
    stage TEXT NOT NULL,
    hours INTEGER NOT NULL,
    n     BIGINT NOT NULL,
    PRIMARY KEY (scope, stage, hours)
);

CREATE TABLE funnel_weeks (
    scope TEXT NOT NULL,
    week  TEXT NOT NULL,
    n     BIGINT NOT NULL,
    PRIMARY KEY (scope, week)
);

CREATE FUNCTION iso_week(at BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(to_timestamp(at / 1000000000) AT TIME ZONE 'UTC', 'IYYY-"W"IW')
$$;

CREATE FUNCTION funnel_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    scopes      TEXT[];
    new_rank    INTEGER;
    prev_best   INTEGER := -1;
    prev_status TEXT;
    prev_at     BIGINT;
BEGIN
    SELECT ARRAY['job:' || a.job_id, 'rec:' || j.recruiter_id, 'all'] INTO scopes
    FROM applications a JOIN jobs j ON j.id = a.job_id WHERE a.id = NEW.application_id;
    SELECT rank INTO new_rank FROM pipeline_ranks WHERE stage = NEW.status;
    IF NEW.seq = 1 THEN
        INSERT INTO funnel_weeks (scope, week, n)
        SELECT s, iso_week(NEW.at), 1 FROM unnest(scopes) s
        ON CONFLICT (scope, week) DO UPDATE SET n = funnel_weeks.n + 1;
    ELSE
        -- Leaving the previous stage: one fewer there, one more stay measured.
        SELECT status, at INTO prev_status, prev_at FROM application_history
        WHERE application_id = NEW.application_id AND seq = NEW.seq - 1;
        INSERT INTO funnel_counts (scope, stage, reached, current)
        SELECT s, prev_status, 0, -1 FROM unnest(scopes) s
        ON CONFLICT (scope, stage) DO UPDATE SET current = funnel_counts.current - 1;
        INSERT INTO funnel_dwell (scope, stage, hours, n)
        SELECT s, prev_status, greatest(0, least((NEW.at - prev_at) / 3600000000000, 8784)), 1 FROM unnest(scopes) s
        ON CONFLICT (scope, stage, hours) DO UPDATE SET n = funnel_dwell.n + 1;
        SELECT max(r.rank) INTO prev_best FROM application_history h JOIN pipeline_ranks r ON r.stage = h.status
        WHERE h.application_id = NEW.application_id AND h.seq < NEW.seq;
    END IF;
    -- Entering the new stage, and reaching every pipeline stage skipped.
    INSERT INTO funnel_counts (scope, stage, reached, current)
    SELECT s, p.stage, 1, CASE WHEN p.stage = NEW.status THEN 1 ELSE 0 END
    FROM unnest(scopes) s, pipeline_ranks p
    WHERE (p.stage = NEW.status AND p.rank < 0) OR (p.rank >= 0 AND p.rank <= new_rank AND p.rank > prev_best)
    ON CONFLICT (scope, stage) DO UPDATE SET reached = funnel_counts.reached + 1, current = funnel_counts.current + excluded.current;
    RETURN NULL;
END
$$;

CREATE TRIGGER funnel_history AFTER INSERT ON application_history
FOR EACH ROW EXECUTE FUNCTION funnel_history();

-- Count what is already there.
CREATE VIEW application_scopes AS
SELECT a.id AS application_id, s.scope
FROM applications a JOIN jobs j ON j.id = a.job_id,
     LATERAL unnest(ARRAY['job:' || a.job_id, 'rec:' || j.recruiter_id, 'all']) AS s (scope);

INSERT INTO funnel_weeks (scope, week, n)
SELECT s.scope, iso_week(h.at), count(*)
FROM application_history h JOIN application_scopes s ON s.application_id = h.application_id
WHERE h.seq = 1 GROUP BY 1, 2;

INSERT INTO funnel_dwell (scope, stage, hours, n)
SELECT s.scope, h.status, greatest(0, least((n.at - h.at) / 3600000000000, 8784)), count(*)
FROM application_history h
JOIN application_history n ON n.application_id = h.application_id AND n.seq = h.seq + 1
JOIN application_scopes s ON s.application_id = h.application_id
GROUP BY 1, 2, 3;

INSERT INTO funnel_counts (scope, stage, reached, current)
SELECT scope, stage, sum(reached), sum(current) FROM (
    SELECT s.scope, p.stage, 1 AS reached, CASE WHEN a.status = p.stage THEN 1 ELSE 0 END AS current
    FROM applications a
    JOIN application_scopes s ON s.application_id = a.id
    JOIN (SELECT h.application_id, max(r.rank) AS best FROM application_history h
          JOIN pipeline_ranks r ON r.stage = h.status GROUP BY h.application_id) b ON b.application_id = a.id
    JOIN pipeline_ranks p ON p.rank >= 0 AND p.rank <= b.best
    UNION ALL
    SELECT s.scope, a.status, 1, 1 FROM applications a
    JOIN application_scopes s ON s.application_id = a.id
    JOIN pipeline_ranks r ON r.stage = a.status AND r.rank < 0
) x GROUP BY scope, stage;

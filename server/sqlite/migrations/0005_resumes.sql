-- Resumes, screening profiles, running funnel counts (issue 12).

-- One-off maintenance done to the file, by name: 'secure_delete' is the
-- VACUUM that clears what was freed before writes zeroed freed space.
CREATE TABLE maintenance (
    name TEXT PRIMARY KEY,
    at   INTEGER NOT NULL
);

-- The original file of an application's resume. Its extracted text is the
-- application's resume_text.
CREATE TABLE resumes (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    text_chars     INTEGER NOT NULL,
    pages          INTEGER NOT NULL,
    uploaded_at    INTEGER NOT NULL,
    data           BLOB NOT NULL
);

-- What screening ranks: resume text and cover letter analysed when they
-- are written (screening.Profile). job_id repeats the application's so a
-- job's profiles are one index range; version (random, new on every
-- write) lets a server keep profiles it has read and read only the ids
-- and versions of a job from the covering index.
CREATE TABLE application_profiles (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    job_id         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    profile        BLOB NOT NULL
);
CREATE INDEX application_profiles_job ON application_profiles (job_id, application_id, version);

-- Running funnel counts, kept by the triggers below in the transaction
-- that writes each history entry, so a funnel costs the same at a hundred
-- applications and at a million. Each application counts in three scopes,
-- 'job:<id>', 'rec:<recruiter id>' and 'all', the three ways a funnel is
-- asked for, so answering one reads at most a few hundred rows whatever
-- the number of jobs. "reached" counts skipping forward past a stage as
-- reaching it.
CREATE TABLE pipeline_ranks (
    stage TEXT PRIMARY KEY,
    rank  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO pipeline_ranks (stage, rank) VALUES
    ('applied', 0), ('screening', 1), ('interview', 2), ('offer', 3), ('hired', 4),
    ('rejected', -1), ('withdrawn', -1);

CREATE TABLE funnel_levels (level INTEGER PRIMARY KEY);
INSERT INTO funnel_levels (level) VALUES (0), (1), (2);

-- The scopes an application counts in (a job's recruiter never changes).
CREATE VIEW application_scopes AS
SELECT a.id AS application_id,
       CASE l.level WHEN 0 THEN 'job:' || a.job_id WHEN 1 THEN 'rec:' || j.recruiter_id ELSE 'all' END AS scope
FROM applications a JOIN jobs j ON j.id = a.job_id CROSS JOIN funnel_levels l;

CREATE TABLE funnel_counts (
    scope   TEXT NOT NULL,
    stage   TEXT NOT NULL,
    reached INTEGER NOT NULL,
    current INTEGER NOT NULL,
    PRIMARY KEY (scope, stage)
) WITHOUT ROWID;

-- Stays in a stage, by whole hours (capped at 366 days = 8784 hours).
CREATE TABLE funnel_dwell (
    scope TEXT NOT NULL,
    stage TEXT NOT NULL,
    hours INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (scope, stage, hours)
) WITHOUT ROWID;

-- New applications per ISO week ("2026-W47").
CREATE TABLE funnel_weeks (
    scope TEXT NOT NULL,
    week  TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (scope, week)
) WITHOUT ROWID;

-- The triggers look the scopes up by primary key (never through the view,
-- which the planner might scan).
CREATE TRIGGER funnel_arrival AFTER INSERT ON application_history WHEN new.seq = 1 BEGIN
    INSERT INTO funnel_weeks (scope, week, n)
    SELECT CASE l.level WHEN 0 THEN 'job:' || a.job_id WHEN 1 THEN 'rec:' || j.recruiter_id ELSE 'all' END,
           strftime('%G-W%V', new.at / 1000000000, 'unixepoch'), 1
    FROM applications a JOIN jobs j ON j.id = a.job_id CROSS JOIN funnel_levels l
    WHERE a.id = new.application_id
    ON CONFLICT (scope, week) DO UPDATE SET n = n + 1;
    INSERT INTO funnel_counts (scope, stage, reached, current)
    SELECT CASE l.level WHEN 0 THEN 'job:' || a.job_id WHEN 1 THEN 'rec:' || j.recruiter_id ELSE 'all' END,
           p.stage, 1, p.stage = new.status
    FROM applications a JOIN jobs j ON j.id = a.job_id CROSS JOIN funnel_levels l, pipeline_ranks p
    WHERE a.id = new.application_id AND p.rank >= 0 AND p.rank <= (SELECT rank FROM pipeline_ranks WHERE stage = new.status)
    ON CONFLICT (scope, stage) DO UPDATE SET reached = reached + 1, current = current + excluded.current;
END;

CREATE TRIGGER funnel_move AFTER INSERT ON application_history WHEN new.seq > 1 BEGIN
    -- Leaving the previous stage: one fewer there, one more stay measured.
    INSERT INTO funnel_counts (scope, stage, reached, current)
    SELECT CASE l.level WHEN 0 THEN 'job:' || a.job_id WHEN 1 THEN 'rec:' || j.recruiter_id ELSE 'all' END,
           h.status, 0, -1
    FROM applications a JOIN jobs j ON j.id = a.job_id CROSS JOIN funnel_levels l, application_history h
    WHERE a.id = new.application_id AND h.application_id = new.application_id AND h.seq = new.seq - 1
    ON CONFLICT (scope, stage) DO UPDATE SET current = current - 1;
    INSERT INTO funnel_dwell (scope, stage, hours, n)
    SELECT CASE l.level WHEN 0 THEN 'job:' || a.job_id WHEN 1 THEN 'rec:' || j.recruiter_id ELSE 'all' END,
           h.status, max(0, min((new.at - h.at) / 3600000000000, 8784)), 1
    FROM applications a JOIN jobs j ON j.id = a.job_id CROSS JOIN funnel_levels l, application_history h
    WHERE a.id = new.application_id AND h.application_id = new.application_id AND h.seq = new.seq - 1
    ON CONFLICT (scope, stage, hours) DO UPDATE SET n = n + 1;
    -- Entering the new one, and reaching every pipeline stage skipped.
    INSERT INTO funnel_counts (scope, stage, reached, current)
    SELECT CASE l.level WHEN 0 THEN 'job:' || a.job_id WHEN 1 THEN 'rec:' || j.recruiter_id ELSE 'all' END,
           p.stage, 1, p.stage = new.status
    FROM applications a JOIN jobs j ON j.id = a.job_id CROSS JOIN funnel_levels l, pipeline_ranks p
    WHERE a.id = new.application_id AND (
        p.stage = new.status AND p.rank < 0 OR
        p.rank >= 0 AND p.rank <= (SELECT rank FROM pipeline_ranks WHERE stage = new.status) AND p.rank > (
            SELECT max(r.rank) FROM application_history h JOIN pipeline_ranks r ON r.stage = h.status
            WHERE h.application_id = new.application_id AND h.seq < new.seq))
    ON CONFLICT (scope, stage) DO UPDATE SET reached = reached + 1, current = current + excluded.current;
END;

-- Count what is already there.
INSERT INTO funnel_weeks (scope, week, n)
SELECT s.scope, strftime('%G-W%V', h.at / 1000000000, 'unixepoch'), count(*)
FROM application_history h JOIN application_scopes s ON s.application_id = h.application_id
WHERE h.seq = 1 GROUP BY 1, 2;

INSERT INTO funnel_dwell (scope, stage, hours, n)
SELECT s.scope, h.status, max(0, min((n.at - h.at) / 3600000000000, 8784)), count(*)
FROM application_history h
JOIN application_history n ON n.application_id = h.application_id AND n.seq = h.seq + 1
JOIN application_scopes s ON s.application_id = h.application_id
GROUP BY 1, 2, 3;

INSERT INTO funnel_counts (scope, stage, reached, current)
SELECT scope, stage, sum(reached), sum(current) FROM (
    -- Pipeline stages up to the furthest each application got.
    SELECT s.scope, p.stage, 1 AS reached, a.status = p.stage AS current
    FROM applications a
    JOIN application_scopes s ON s.application_id = a.id
    JOIN (SELECT h.application_id, max(r.rank) AS best FROM application_history h
          JOIN pipeline_ranks r ON r.stage = h.status GROUP BY h.application_id) b ON b.application_id = a.id
    JOIN pipeline_ranks p ON p.rank >= 0 AND p.rank <= b.best
    UNION ALL
    -- The exits.
    SELECT s.scope, a.status, 1, 1 FROM applications a
    JOIN application_scopes s ON s.application_id = a.id
    JOIN pipeline_ranks r ON r.stage = a.status AND r.rank < 0
) GROUP BY scope, stage;

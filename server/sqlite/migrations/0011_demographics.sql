-- Blind review: a job may hide who its candidates are until their
-- applications reach a stage ('' = never blind).
ALTER TABLE jobs ADD COLUMN blind_until TEXT NOT NULL DEFAULT '';

-- Voluntary self-identification, kept apart from applications so that no
-- query about an application can pick it up by accident. NULL = not
-- answered. Only aggregate reports read it across people. 0010 (skills)
-- creates it for the impact report; this is the same table, for a
-- database that has this migration without that one's table.
CREATE TABLE IF NOT EXISTS demographics (
	user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	gender TEXT,
	ethnicity TEXT,
	age_band TEXT,
	updated_at BIGINT NOT NULL
);

-- Every statement that changes data a server may cache (session states,
-- encoded job board pages) announces itself on channel hiregate_changes,
-- inside the writing transaction: PostgreSQL delivers the notification
-- when, and only if, that transaction commits, once per transaction, to
-- every replica listening (server/postgres/version.go). A trigger rather
-- than the Go code sends it, so writes by any program count.
--
-- login_attempts and audit_events have none: nothing cached reads them,
-- and every login writes them, so a login flood would otherwise empty
-- every replica's caches on every login. A new table must get the
-- trigger (TestChangeTriggers fails until it does) or be added there to
-- the exempt list with the reason.
CREATE FUNCTION hiregate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('hiregate_changes', '');
	RETURN NULL;
END
$$;

CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sessions
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON refresh_tokens
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON jobs
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON applications
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON application_history
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON notes
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON signing_keys
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mfa_totp
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mfa_recovery_codes
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mfa_tokens
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resumes
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON application_profiles
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pipeline_ranks
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funnel_counts
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funnel_dwell
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();
CREATE TRIGGER hiregate_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funnel_weeks
	FOR EACH STATEMENT EXECUTE FUNCTION hiregate_changed();

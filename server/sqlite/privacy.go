package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

// EraseUser anonymises a user (see store.Privacy). Writes run with
// secure_delete on (see dsn), so every cell and page the erasure frees is
// overwritten with zeros, as was every older version of the rows it
// touches; then it truncates the write-ahead log, which still holds the
// pages as they were before.
func (db *DB) EraseUser(ctx context.Context, userID string, e store.Erasure, now time.Time) error {
	if db.tx != nil {
		// The scrub (secure_delete, checkpoint) needs its own connection
		// outside any transaction.
		return errors.New("sqlite: erase user: not inside Atomic")
	}
	conn, err := db.writePool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: erase user: %w", err)
	}
	defer conn.Close()

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: erase user: %w", err)
	}
	defer tx.Rollback()
	var email string
	err = tx.QueryRowContext(ctx, `SELECT email FROM users WHERE id = ?`, userID).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("User")
	} else if err != nil {
		return fmt.Errorf("sqlite: erase user: %w", err)
	}
	apps := `(SELECT id FROM applications WHERE candidate_id = ?)`
	steps := []struct {
		query string
		args  []any
	}{
		{`UPDATE users SET email = ?, full_name = ?, password_hash = '', active = 0 WHERE id = ?`,
			[]any{e.Email, e.FullName, userID}},
		{`UPDATE applications SET cover_letter = '', resume_text = '', updated_at = ? WHERE candidate_id = ?`,
			[]any{ts(now), userID}},
		{`DELETE FROM resumes WHERE application_id IN ` + apps, []any{userID}},
		{`DELETE FROM application_profiles WHERE application_id IN ` + apps, []any{userID}},
		// Recruiters' notes are about the candidate and name them.
		{`DELETE FROM notes WHERE application_id IN ` + apps, []any{userID}},
		{`UPDATE application_history SET by_name = ? WHERE by_id = ?`, []any{e.FullName, userID}},
		// Refresh tokens go with their sessions (ON DELETE CASCADE).
		{`DELETE FROM sessions WHERE user_id = ?`, []any{userID}},
		// An erased account can never sign in again: its second factor goes.
		{`DELETE FROM mfa_totp WHERE user_id = ?`, []any{userID}},
		{`DELETE FROM mfa_recovery_codes WHERE user_id = ?`, []any{userID}},
		{`DELETE FROM mfa_tokens WHERE user_id = ?`, []any{userID}},
		{`DELETE FROM login_attempts WHERE key = ?`, []any{"acct:" + email}},
		{`UPDATE audit_events SET email = '', detail = replace(detail, ?, '') WHERE user_id = ? OR email = ?`,
			[]any{email, userID, email}},
	}
	for _, s := range steps {
		if _, err := tx.ExecContext(ctx, s.query, s.args...); err != nil {
			return fmt.Errorf("sqlite: erase user: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return db.wrote(fmt.Errorf("sqlite: erase user: %w", err))
	}
	return checkpoint(ctx, conn)
}

// checkpoint copies the log into the database file and truncates it. A
// reader still using an old snapshot makes it report busy; it is retried
// briefly, since the erased data stays in the log until it succeeds.
func checkpoint(ctx context.Context, conn *sql.Conn) error {
	for i := 0; ; i++ {
		var busy, logFrames, done int
		if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
			return fmt.Errorf("sqlite: checkpoint: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if i == 50 {
			return fmt.Errorf("sqlite: checkpoint: database stayed busy")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// scrubOnce rewrites the whole file once (VACUUM) when it was last written
// without secure_delete: older versions of rows may lie in the free space
// of its pages, and an erasure must not leave them behind. A database
// created since never needs it; the cost is paid at the first start after
// the upgrade.
func (db *DB) scrubOnce(ctx context.Context) error {
	var n int
	if err := db.writePool.QueryRowContext(ctx, `SELECT count(*) FROM maintenance WHERE name = 'secure_delete'`).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: scrub: %w", err)
	}
	if n > 0 {
		return nil
	}
	var apps int
	if err := db.writePool.QueryRowContext(ctx, `SELECT count(*) FROM applications`).Scan(&apps); err != nil {
		return fmt.Errorf("sqlite: scrub: %w", err)
	}
	// A database with no application yet has nothing to scrub.
	if apps > 0 {
		if _, err := db.writePool.ExecContext(ctx, `VACUUM`); err != nil {
			return fmt.Errorf("sqlite: scrub: %w", err)
		}
	}
	if _, err := db.writePool.ExecContext(ctx, `INSERT OR IGNORE INTO maintenance (name, at) VALUES ('secure_delete', ?)`, ts(db.Now())); err != nil {
		return fmt.Errorf("sqlite: scrub: %w", err)
	}
	return nil
}

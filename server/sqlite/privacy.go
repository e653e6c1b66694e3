package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

// EraseUser anonymises a user (see store.Privacy). It runs on a pinned
// write connection with secure_delete on, so every cell and page the
// erasure frees is overwritten with zeros, then truncates the write-ahead
// log, which still holds the pages as they were before.
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
	if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return fmt.Errorf("sqlite: erase user: %w", err)
	}
	// Back to the default for the connection's other work.
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`)

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

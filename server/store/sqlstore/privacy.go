package sqlstore

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

var _ store.Privacy = (*DB)(nil)

// EraseUser anonymises a user (see store.Privacy) in one transaction that
// locks the user's row first, so that two erasures, or an erasure and a
// change to the account, do not interleave. The engine then removes what
// its files still hold of the old rows (Engine.Erased).
func (db *DB) EraseUser(ctx context.Context, userID string, e store.Erasure, now time.Time) error {
	err := db.e.Tx(ctx, func(q Q) error {
		var email string
		err := q.QueryRow(ctx, `SELECT email FROM users WHERE id = ? `+db.e.Lock(ForUpdate, ""), userID).Scan(&email)
		if err != nil {
			return db.notFoundOr(err, "User", "erase user")
		}
		for _, s := range erasure(userID, email, e, now) {
			if _, err := q.Exec(ctx, s.query, s.args...); err != nil {
				return db.errorf("erase user", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := db.e.Erased(ctx); err != nil {
		return db.errorf("erase user", err)
	}
	return nil
}

// eraseStep is one statement of an erasure.
type eraseStep struct {
	query string
	args  []any
}

// erasure is the statements that erase the user whose address was email.
func erasure(userID, email string, e store.Erasure, now time.Time) []eraseStep {
	apps := `(SELECT id FROM applications WHERE candidate_id = ?)`
	return []eraseStep{
		{`UPDATE users SET email = ?, full_name = ?, password_hash = '', active = FALSE WHERE id = ?`,
			[]any{e.Email, e.FullName, userID}},
		{`UPDATE applications SET cover_letter = '', resume_text = '', updated_at = ? WHERE candidate_id = ?`,
			[]any{TS(now), userID}},
		{`DELETE FROM resumes WHERE application_id IN ` + apps, []any{userID}},
		{`DELETE FROM application_profiles WHERE application_id IN ` + apps, []any{userID}},
		// Scores explain themselves with the resume's words: they go, and
		// their jobs are rescored (from the blanked text) when next ranked.
		{`UPDATE job_scoring SET scored = -1 WHERE job_id IN (SELECT job_id FROM applications WHERE candidate_id = ?)`, []any{userID}},
		{`DELETE FROM application_scores WHERE application_id IN ` + apps, []any{userID}},
		// Recruiters' notes are about the candidate and name them.
		{`DELETE FROM notes WHERE application_id IN ` + apps, []any{userID}},
		// Messages on their applications, both sides, are theirs too.
		{`DELETE FROM message_reads WHERE user_id = ? OR application_id IN ` + apps, []any{userID, userID}},
		{`DELETE FROM messages WHERE application_id IN ` + apps, []any{userID}},
		// Interviewers' written feedback is about the candidate too; the
		// ratings stay, for the counts.
		{`UPDATE feedback SET notes = '' WHERE application_id IN ` + apps, []any{userID}},
		{`UPDATE application_history SET by_name = ? WHERE by_id = ?`, []any{e.FullName, userID}},
		// Refresh tokens go with their sessions (ON DELETE CASCADE).
		{`DELETE FROM sessions WHERE user_id = ?`, []any{userID}},
		// An erased account can never sign in again: its second factor goes.
		{`DELETE FROM mfa_totp WHERE user_id = ?`, []any{userID}},
		{`DELETE FROM mfa_recovery_codes WHERE user_id = ?`, []any{userID}},
		{`DELETE FROM mfa_tokens WHERE user_id = ?`, []any{userID}},
		{`DELETE FROM one_time_codes WHERE user_id = ?`, []any{userID}},
		{`DELETE FROM login_attempts WHERE key IN (?, ?, ?)`, []any{"acct:" + email, store.ThrottleForgot + email, store.ThrottleCode + email}},
		// Mails to them, sent or not: addresses, names, and codes or texts
		// about their applications.
		{`DELETE FROM mail_outbox WHERE user_id = ? OR to_addr = ?`, []any{userID, email}},
		// Self-identification goes with the person; reports lose one
		// anonymous answer.
		{`DELETE FROM demographics WHERE user_id = ?`, []any{userID}},
		// Nor over SSH: its linked keys go.
		{`DELETE FROM ssh_keys WHERE user_id = ?`, []any{userID}},
		{`UPDATE audit_events SET email = '', detail = replace(detail, ?, '') WHERE user_id = ? OR email = ?`,
			[]any{email, userID, email}},
	}
}

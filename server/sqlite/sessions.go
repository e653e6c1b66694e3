package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

const sessionColumns = `id, user_id, created_at, last_used_at, expires_at, ip, user_agent, revoked_at`

func scanSession(row interface{ Scan(...any) error }) (*store.SessionRecord, error) {
	var s store.SessionRecord
	var created, used, expires int64
	var revoked sql.NullInt64
	if err := row.Scan(&s.ID, &s.UserID, &created, &used, &expires, &s.IP, &s.UserAgent, &revoked); err != nil {
		return nil, err
	}
	s.CreatedAt, s.LastUsedAt, s.ExpiresAt = fromTS(created), fromTS(used), fromTS(expires)
	if revoked.Valid {
		t := fromTS(revoked.Int64)
		s.RevokedAt = &t
	}
	return &s, nil
}

// CreateSession inserts s with its first refresh token. A zero CreatedAt
// becomes db.Now() and a zero LastUsedAt becomes CreatedAt. ENOTFOUND when
// the user does not exist.
func (db *DB) CreateSession(ctx context.Context, s *store.SessionRecord, refreshHash string) error {
	if s.ID == "" || refreshHash == "" {
		return errors.New("sqlite: create session: empty id or refresh hash")
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = db.Now()
	}
	if s.LastUsedAt.IsZero() {
		s.LastUsedAt = s.CreatedAt
	}
	var revoked any
	if s.RevokedAt != nil {
		revoked = ts(*s.RevokedAt)
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (`+sessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.UserID, ts(s.CreatedAt), ts(s.LastUsedAt), ts(s.ExpiresAt), s.IP, s.UserAgent, revoked)
		if constraint(err, "FOREIGN KEY") {
			return notFound("User")
		} else if err != nil {
			return fmt.Errorf("sqlite: create session: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES (?, ?, ?)`,
			refreshHash, s.ID, ts(s.ExpiresAt)); err != nil {
			return fmt.Errorf("sqlite: create refresh token: %w", err)
		}
		return nil
	})
}

// RotateRefresh spends oldHash and issues newHash. The write transaction
// begins IMMEDIATE, so of two rotations of one token the second always sees
// the first one's spend and is treated as reuse.
func (db *DB) RotateRefresh(ctx context.Context, oldHash, newHash string, now, newExpiry time.Time) (*store.SessionRecord, error) {
	var out *store.SessionRecord
	var result error
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var sessionID string
		var spent sql.NullInt64
		var tokenExpires int64
		err := tx.QueryRowContext(ctx, `SELECT session_id, spent_at, expires_at FROM refresh_tokens WHERE hash = ?`, oldHash).
			Scan(&sessionID, &spent, &tokenExpires)
		if errors.Is(err, sql.ErrNoRows) {
			result = store.ErrRefreshInvalid
			return nil
		} else if err != nil {
			return fmt.Errorf("sqlite: rotate refresh: %w", err)
		}
		s, err := sessionByID(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if spent.Valid {
			// Theft: whoever holds the current token of this chain is
			// cut off too. An earlier revocation keeps its time.
			if s.RevokedAt == nil {
				if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE id = ?`, ts(now), s.ID); err != nil {
					return fmt.Errorf("sqlite: revoke session: %w", err)
				}
				t := fromTS(ts(now))
				s.RevokedAt = &t
			}
			out, result = s, store.ErrRefreshReuse
			return nil
		}
		n := ts(now)
		if s.RevokedAt != nil || tokenExpires <= n || ts(s.ExpiresAt) <= n {
			result = store.ErrRefreshInvalid
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET spent_at = ? WHERE hash = ?`, n, oldHash); err != nil {
			return fmt.Errorf("sqlite: spend refresh token: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES (?, ?, ?)`,
			newHash, s.ID, ts(newExpiry)); err != nil {
			return fmt.Errorf("sqlite: insert refresh token: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET expires_at = ?, last_used_at = ? WHERE id = ?`,
			ts(newExpiry), n, s.ID); err != nil {
			return fmt.Errorf("sqlite: extend session: %w", err)
		}
		s.ExpiresAt, s.LastUsedAt = fromTS(ts(newExpiry)), fromTS(n)
		out = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, result
}

func sessionByID(ctx context.Context, q querier, id string) (*store.SessionRecord, error) {
	s, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Session")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: session: %w", err)
	}
	return s, nil
}

// SessionState is one primary-key lookup of the session joined with its
// user's primary key.
func (db *DB) SessionState(ctx context.Context, sessionID string, now time.Time) (*store.SessionState, error) {
	var st store.SessionState
	err := db.sessionState.QueryRowContext(ctx, ts(now), sessionID).Scan(&st.UserID, &st.Role, &st.Active, &st.Revoked, &st.MFA)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Session")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: session state: %w", err)
	}
	return &st, nil
}

// TouchSession sets LastUsedAt; ENOTFOUND for an unknown session.
func (db *DB) TouchSession(ctx context.Context, sessionID string, now time.Time) error {
	res, err := db.write.ExecContext(ctx, `UPDATE sessions SET last_used_at = ? WHERE id = ?`, ts(now), sessionID)
	if err != nil {
		return fmt.Errorf("sqlite: touch session: %w", err)
	}
	return mustAffect(res, "Session")
}

// ListSessions returns the user's live sessions, newest first.
func (db *DB) ListSessions(ctx context.Context, userID string, now time.Time) ([]store.SessionRecord, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
		ORDER BY created_at DESC, id DESC`, userID, ts(now))
	if err != nil {
		return nil, fmt.Errorf("sqlite: list sessions: %w", err)
	}
	defer rows.Close()
	out := []store.SessionRecord{}
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list sessions: %w", err)
		}
		out = append(out, *s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list sessions: %w", err)
	}
	return out, nil
}

// RevokeSession revokes a live session of userID; ENOTFOUND when the
// session is someone else's, revoked or expired.
func (db *DB) RevokeSession(ctx context.Context, userID, sessionID string, now time.Time) error {
	res, err := db.write.ExecContext(ctx, `UPDATE sessions SET revoked_at = ?
		WHERE id = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?`,
		ts(now), sessionID, userID, ts(now))
	if err != nil {
		return fmt.Errorf("sqlite: revoke session: %w", err)
	}
	return mustAffect(res, "Session")
}

// RevokeUserSessions revokes every unrevoked session of userID but keep.
func (db *DB) RevokeUserSessions(ctx context.Context, userID, keep string, now time.Time) (int, error) {
	return revokeUserSessions(ctx, db.write, userID, keep, now)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// revokeUserSessions also revokes expired sessions: revocation must not
// depend on the caller's clock agreeing with the one that set the expiry.
func revokeUserSessions(ctx context.Context, e execer, userID, keep string, now time.Time) (int, error) {
	res, err := e.ExecContext(ctx, `UPDATE sessions SET revoked_at = ?
		WHERE user_id = ? AND id <> ? AND revoked_at IS NULL`, ts(now), userID, keep)
	if err != nil {
		return 0, fmt.Errorf("sqlite: revoke sessions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: revoke sessions: %w", err)
	}
	return int(n), nil
}

func mustAffect(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlite: rows affected: %w", err)
	}
	if n == 0 {
		return notFound(what)
	}
	return nil
}

// PruneSessions deletes dead sessions; their refresh tokens go with them
// (ON DELETE CASCADE).
func (db *DB) PruneSessions(ctx context.Context, before time.Time) (int, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM sessions
		WHERE expires_at < ?1 OR (revoked_at IS NOT NULL AND revoked_at < ?1)`, ts(before))
	if err != nil {
		return 0, fmt.Errorf("sqlite: prune sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

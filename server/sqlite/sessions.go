package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// CreateSession inserts s with its first refresh token. A zero CreatedAt
// becomes db.Now() and a zero LastUsedAt becomes CreatedAt. ENOTFOUND when
// the user does not exist.
func (db *DB) CreateSession(ctx context.Context, s *store.SessionRecord, refreshHash string) error {
	row, err := sqlstore.SessionRow(s, refreshHash, db.Now)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (`+sessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, row...)
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

// RotateRefresh spends oldHash and issues newHash. The spend is one
// conditional UPDATE (unspent, unexpired, session live): of two rotations
// of one token exactly one changes the row, whatever the engine's
// isolation, and the other finds the token spent and is treated as reuse.
func (db *DB) RotateRefresh(ctx context.Context, oldHash, newHash string, now, newExpiry time.Time) (*store.SessionRecord, error) {
	var out *store.SessionRecord
	var result error
	n := ts(now)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		out, result = nil, nil
		var sessionID string
		err := tx.QueryRowContext(ctx, `UPDATE refresh_tokens SET spent_at = ?1
			WHERE hash = ?2 AND spent_at IS NULL AND expires_at > ?1
			AND session_id IN (SELECT id FROM sessions WHERE id = refresh_tokens.session_id AND revoked_at IS NULL AND expires_at > ?1)
			RETURNING session_id`, n, oldHash).Scan(&sessionID)
		if errors.Is(err, sql.ErrNoRows) {
			// The refusal commits: a reuse revokes the session.
			out, err = refuseRefresh(ctx, tx, oldHash, n)
			if err == store.ErrRefreshInvalid || err == store.ErrRefreshReuse {
				result = err
				return nil
			}
			return err
		} else if err != nil {
			return fmt.Errorf("sqlite: spend refresh token: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES (?, ?, ?)`,
			newHash, sessionID, ts(newExpiry)); err != nil {
			return fmt.Errorf("sqlite: insert refresh token: %w", err)
		}
		out, err = scanSession(tx.QueryRowContext(ctx, `UPDATE sessions SET expires_at = ?, last_used_at = ? WHERE id = ?
			RETURNING `+sessionColumns, ts(newExpiry), n, sessionID))
		if err != nil {
			return fmt.Errorf("sqlite: extend session: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, result
}

// refuseRefresh decides why a token could not be spent. A spent one is
// theft: whoever holds the current token of its chain is cut off too, and
// an earlier revocation keeps its time. It returns store.ErrRefreshReuse
// with the session, store.ErrRefreshInvalid, or a failure.
func refuseRefresh(ctx context.Context, tx *sql.Tx, hash string, n int64) (*store.SessionRecord, error) {
	var sessionID string
	var spent sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT session_id, spent_at FROM refresh_tokens WHERE hash = ?`, hash).Scan(&sessionID, &spent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrRefreshInvalid
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: rotate refresh: %w", err)
	}
	if !spent.Valid {
		return nil, store.ErrRefreshInvalid
	}
	s, err := scanSession(tx.QueryRowContext(ctx, `UPDATE sessions SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?
		RETURNING `+sessionColumns, n, sessionID))
	if err != nil {
		return nil, fmt.Errorf("sqlite: revoke session: %w", err)
	}
	return s, store.ErrRefreshReuse
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
	var expires int64
	stmt := db.sessionState
	if db.tx != nil {
		stmt = db.tx.StmtContext(ctx, stmt)
	}
	err := stmt.QueryRowContext(ctx, ts(now), sessionID).Scan(&st.UserID, &st.Role, &st.Active, &st.Revoked, &expires, &st.MFA)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Session")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: session state: %w", err)
	}
	st.ExpiresAt = fromTS(expires)
	return &st, nil
}

// TouchSession sets LastUsedAt; ENOTFOUND for an unknown session.
func (db *DB) TouchSession(ctx context.Context, sessionID string, now time.Time) error {
	res, err := db.exec(ctx, `UPDATE sessions SET last_used_at = ? WHERE id = ?`, ts(now), sessionID)
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
	out, err := sqlstore.Collect(rows, sqlstore.ScanSessionItem)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list sessions: %w", err)
	}
	return out, nil
}

// RevokeSession revokes a live session of userID; ENOTFOUND when the
// session is someone else's, revoked or expired.
func (db *DB) RevokeSession(ctx context.Context, userID, sessionID string, now time.Time) error {
	res, err := db.exec(ctx, `UPDATE sessions SET revoked_at = ?
		WHERE id = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?`,
		ts(now), sessionID, userID, ts(now))
	if err != nil {
		return fmt.Errorf("sqlite: revoke session: %w", err)
	}
	return mustAffect(res, "Session")
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
	res, err := db.exec(ctx, `DELETE FROM sessions
		WHERE expires_at < ?1 OR (revoked_at IS NOT NULL AND revoked_at < ?1)`, ts(before))
	if err != nil {
		return 0, fmt.Errorf("sqlite: prune sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

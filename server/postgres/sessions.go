package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// CreateSession inserts s with its first refresh token. A zero CreatedAt
// becomes db.Now() and a zero LastUsedAt becomes CreatedAt. ENOTFOUND when
// the user does not exist.
func (db *DB) CreateSession(ctx context.Context, s *store.SessionRecord, refreshHash string) error {
	row, err := sqlstore.SessionRow(s, refreshHash, db.Now)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO sessions (`+sqlstore.SessionColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, row...)
		if violates(err, codeForeignKeyViolation, "") {
			return sqlstore.NotFound("User")
		} else if err != nil {
			return fmt.Errorf("postgres: create session: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES ($1, $2, $3)`,
			refreshHash, s.ID, sqlstore.TS(s.ExpiresAt)); err != nil {
			return fmt.Errorf("postgres: create refresh token: %w", err)
		}
		return nil
	})
}

// RotateRefresh spends oldHash and issues newHash. The token's row is read
// FOR UPDATE: of two rotations of one token, on one replica or two, the
// second waits for the first to commit, then reads the token as spent and
// is treated as reuse.
func (db *DB) RotateRefresh(ctx context.Context, oldHash, newHash string, now, newExpiry time.Time) (*store.SessionRecord, error) {
	var out *store.SessionRecord
	var result error
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		out, result = nil, nil
		var sessionID string
		var spent *int64
		var tokenExpires int64
		err := tx.QueryRow(ctx, `SELECT session_id, spent_at, expires_at FROM refresh_tokens WHERE hash = $1 FOR UPDATE`, oldHash).
			Scan(&sessionID, &spent, &tokenExpires)
		if errors.Is(err, pgx.ErrNoRows) {
			result = store.ErrRefreshInvalid
			return nil
		} else if err != nil {
			return fmt.Errorf("postgres: rotate refresh: %w", err)
		}
		s, err := sessionByID(ctx, tx, sessionID, "FOR UPDATE")
		if err != nil {
			return err
		}
		n := sqlstore.TS(now)
		if spent != nil {
			// Theft: whoever holds the current token of this chain is
			// cut off too. An earlier revocation keeps its time.
			if s.RevokedAt == nil {
				if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $1 WHERE id = $2`, n, s.ID); err != nil {
					return fmt.Errorf("postgres: revoke session: %w", err)
				}
				t := sqlstore.FromTS(n)
				s.RevokedAt = &t
			}
			out, result = s, store.ErrRefreshReuse
			return nil
		}
		if s.RevokedAt != nil || tokenExpires <= n || sqlstore.TS(s.ExpiresAt) <= n {
			result = store.ErrRefreshInvalid
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE refresh_tokens SET spent_at = $1 WHERE hash = $2`, n, oldHash); err != nil {
			return fmt.Errorf("postgres: spend refresh token: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES ($1, $2, $3)`,
			newHash, s.ID, sqlstore.TS(newExpiry)); err != nil {
			return fmt.Errorf("postgres: insert refresh token: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE sessions SET expires_at = $1, last_used_at = $2 WHERE id = $3`,
			sqlstore.TS(newExpiry), n, s.ID); err != nil {
			return fmt.Errorf("postgres: extend session: %w", err)
		}
		s.ExpiresAt, s.LastUsedAt = sqlstore.FromTS(sqlstore.TS(newExpiry)), sqlstore.FromTS(n)
		out = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, result
}

func sessionByID(ctx context.Context, q querier, id, lock string) (*store.SessionRecord, error) {
	s, err := sqlstore.ScanSession(q.QueryRow(ctx, `SELECT `+sqlstore.SessionColumns+` FROM sessions WHERE id = $1 `+lock, id))
	if err != nil {
		return nil, noRows(err, "Session", "session")
	}
	return s, nil
}

// SessionState is one primary-key lookup of the session joined with its
// user's primary key. It reads the database on every call, so a change
// made through any replica is seen by the next request on every other.
func (db *DB) SessionState(ctx context.Context, sessionID string, now time.Time) (*store.SessionState, error) {
	var st store.SessionState
	var expires int64
	err := db.q.QueryRow(ctx, `
		SELECT s.user_id, u.role, u.active,
		       s.revoked_at IS NOT NULL OR s.expires_at <= $1, s.expires_at,
		       EXISTS (SELECT 1 FROM mfa_totp m WHERE m.user_id = s.user_id AND m.enabled_at IS NOT NULL)
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = $2`, sqlstore.TS(now), sessionID).Scan(&st.UserID, &st.Role, &st.Active, &st.Revoked, &expires, &st.MFA)
	if err != nil {
		return nil, noRows(err, "Session", "session state")
	}
	st.ExpiresAt = sqlstore.FromTS(expires)
	return &st, nil
}

// TouchSession sets LastUsedAt; ENOTFOUND for an unknown session.
func (db *DB) TouchSession(ctx context.Context, sessionID string, now time.Time) error {
	var tag pgconn.CommandTag
	err := db.step(ctx, func(q querier) (err error) {
		tag, err = q.Exec(ctx, `UPDATE sessions SET last_used_at = $1 WHERE id = $2`, sqlstore.TS(now), sessionID)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: touch session: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return sqlstore.NotFound("Session")
	}
	return nil
}

// ListSessions returns the user's live sessions, newest first.
func (db *DB) ListSessions(ctx context.Context, userID string, now time.Time) ([]store.SessionRecord, error) {
	rows, err := db.q.Query(ctx, `SELECT `+sqlstore.SessionColumns+` FROM sessions
		WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
		ORDER BY created_at DESC, id DESC`, userID, sqlstore.TS(now))
	if err != nil {
		return nil, fmt.Errorf("postgres: list sessions: %w", err)
	}
	defer rows.Close()
	out, err := sqlstore.Collect(rows, sqlstore.ScanSessionItem)
	if err != nil {
		return nil, fmt.Errorf("postgres: list sessions: %w", err)
	}
	return out, nil
}

// RevokeSession revokes a live session of userID; ENOTFOUND when the
// session is someone else's, revoked or expired. One conditional UPDATE.
func (db *DB) RevokeSession(ctx context.Context, userID, sessionID string, now time.Time) error {
	var tag pgconn.CommandTag
	err := db.step(ctx, func(q querier) (err error) {
		tag, err = q.Exec(ctx, `UPDATE sessions SET revoked_at = $1
			WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL AND expires_at > $1`,
			sqlstore.TS(now), sessionID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: revoke session: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return sqlstore.NotFound("Session")
	}
	return nil
}

// PruneSessions deletes dead sessions; their refresh tokens go with them
// (ON DELETE CASCADE).
func (db *DB) PruneSessions(ctx context.Context, before time.Time) (int, error) {
	var tag pgconn.CommandTag
	err := db.step(ctx, func(q querier) (err error) {
		tag, err = q.Exec(ctx, `DELETE FROM sessions
			WHERE expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)`, sqlstore.TS(before))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: prune sessions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

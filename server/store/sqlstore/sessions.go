package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

var _ store.Sessions = (*DB)(nil)

const (
	sessionInsert = `INSERT INTO sessions (` + SessionColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	// refreshInsert records a session's current refresh token. Args:
	// hash, session_id, expires_at.
	refreshInsert = `INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES (?, ?, ?)`

	// refreshSpend spends an unspent, unexpired token of a live session
	// and returns the session. It is one conditional UPDATE: of two
	// rotations of one token, on one server or two, exactly one changes
	// the row (PostgreSQL makes the second wait for the first's row lock
	// and re-check the condition), and the other is refused. Args: now,
	// hash, now, now.
	refreshSpend = `UPDATE refresh_tokens SET spent_at = ?
	WHERE hash = ? AND spent_at IS NULL AND expires_at > ?
	  AND session_id IN (SELECT id FROM sessions WHERE id = refresh_tokens.session_id AND revoked_at IS NULL AND expires_at > ?)
	RETURNING session_id`
	// sessionExtend moves a live session's expiry to its new token's.
	// It changes no row when the session was revoked after the token was
	// spent (on PostgreSQL the spend's check ran before that revocation
	// committed). Args: expires_at, last_used_at, id.
	sessionExtend = `UPDATE sessions SET expires_at = ?, last_used_at = ? WHERE id = ? AND revoked_at IS NULL
	RETURNING ` + SessionColumns
	// reuseRevoke revokes the session of a spent token (a stolen token
	// was replayed: whoever holds the current one of its chain is cut off
	// too); an earlier revocation keeps its time. No row when the token is
	// unknown or unspent. Args: revoked_at, hash.
	reuseRevoke = `UPDATE sessions SET revoked_at = coalesce(revoked_at, ?)
	WHERE id = (SELECT session_id FROM refresh_tokens WHERE hash = ? AND spent_at IS NOT NULL)
	RETURNING ` + SessionColumns

	// sessionState is the revocation check of every authenticated
	// request: one primary-key lookup of the session joined with its
	// user's. It reads the database on every call, so a change made on any
	// server is seen by the next request on every other. Args: now, id.
	sessionState = `SELECT s.user_id, u.role, u.active,
	       s.revoked_at IS NOT NULL OR s.expires_at <= ?, s.expires_at,
	       EXISTS (SELECT 1 FROM mfa_totp m WHERE m.user_id = s.user_id AND m.enabled_at IS NOT NULL)
	FROM sessions s JOIN users u ON u.id = s.user_id
	WHERE s.id = ?`

	sessionTouch = `UPDATE sessions SET last_used_at = ? WHERE id = ?`
	// sessionsLive lists a user's live sessions. Args: user_id, now.
	sessionsLive = `SELECT ` + SessionColumns + ` FROM sessions
	WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
	ORDER BY created_at DESC, id DESC`
	// sessionRevoke revokes a live session of a user. Args: revoked_at,
	// id, user_id, now.
	sessionRevoke = `UPDATE sessions SET revoked_at = ?
	WHERE id = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?`
	// revokeUserSessions revokes every unrevoked session of the user but
	// keep. Args: revoked_at, user_id, keep. It also revokes expired
	// sessions: revocation must not depend on the caller's clock agreeing
	// with the one that set the expiry.
	revokeUserSessions = `UPDATE sessions SET revoked_at = ?
	WHERE user_id = ? AND id <> ? AND revoked_at IS NULL`
	// sessionsPrune deletes dead sessions; their refresh tokens go with
	// them (ON DELETE CASCADE). Args: before, before.
	sessionsPrune = `DELETE FROM sessions WHERE expires_at < ? OR (revoked_at IS NOT NULL AND revoked_at < ?)`
)

// CreateSession inserts s with its first refresh token. A zero CreatedAt
// becomes db.Now() and a zero LastUsedAt becomes CreatedAt. ENOTFOUND when
// the user does not exist.
func (db *DB) CreateSession(ctx context.Context, s *store.SessionRecord, refreshHash string) error {
	row, err := SessionRow(s, refreshHash, db.Now)
	if err != nil {
		return db.errorf("create session", err)
	}
	return db.e.Tx(ctx, func(q Q) error {
		_, err := q.Exec(ctx, sessionInsert, row...)
		if db.e.ForeignKey(err) {
			return NotFound("User")
		} else if err != nil {
			return db.errorf("create session", err)
		}
		if _, err := q.Exec(ctx, refreshInsert, refreshHash, s.ID, TS(s.ExpiresAt)); err != nil {
			return db.errorf("create refresh token", err)
		}
		return nil
	})
}

// RotateRefresh spends oldHash and issues newHash: spend, insert and
// extend, one statement each. When the spend changes no row, the refusal
// decides between reuse and an invalid token, and commits: a reuse
// revokes the session.
func (db *DB) RotateRefresh(ctx context.Context, oldHash, newHash string, now, newExpiry time.Time) (*store.SessionRecord, error) {
	var out *store.SessionRecord
	var result error
	n := TS(now)
	err := db.e.Tx(ctx, func(q Q) error {
		out, result = nil, nil
		var sessionID string
		err := q.QueryRow(ctx, refreshSpend, n, oldHash, n, n).Scan(&sessionID)
		if errors.Is(err, sql.ErrNoRows) {
			out, result, err = db.refuseRefresh(ctx, q, oldHash, n)
			return err
		} else if err != nil {
			return db.errorf("spend refresh token", err)
		}
		if _, err := q.Exec(ctx, refreshInsert, newHash, sessionID, TS(newExpiry)); err != nil {
			return db.errorf("insert refresh token", err)
		}
		out, err = ScanSession(q.QueryRow(ctx, sessionExtend, TS(newExpiry), n, sessionID))
		if errors.Is(err, sql.ErrNoRows) {
			// Revoked meanwhile: nothing of the rotation stays.
			return store.ErrRefreshInvalid
		} else if err != nil {
			return db.errorf("extend session", err)
		}
		return nil
	})
	if errors.Is(err, store.ErrRefreshInvalid) {
		return nil, store.ErrRefreshInvalid
	} else if err != nil {
		return nil, err
	}
	return out, result
}

// refuseRefresh decides why a token could not be spent: a spent one
// revokes its session and gives store.ErrRefreshReuse with the session,
// anything else store.ErrRefreshInvalid. err is a failure.
func (db *DB) refuseRefresh(ctx context.Context, q Q, hash string, n int64) (s *store.SessionRecord, result, err error) {
	s, err = ScanSession(q.QueryRow(ctx, reuseRevoke, n, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrRefreshInvalid, nil
	} else if err != nil {
		return nil, nil, db.errorf("revoke session", err)
	}
	return s, store.ErrRefreshReuse, nil
}

// SessionState runs on every authenticated request, on the engine's read
// side, where the statement is prepared once (SQLite's statement cache,
// pgx's per connection).
func (db *DB) SessionState(ctx context.Context, sessionID string, now time.Time) (*store.SessionState, error) {
	var st store.SessionState
	var expires int64
	err := db.e.Read().QueryRow(ctx, sessionState, TS(now), sessionID).
		Scan(&st.UserID, &st.Role, &st.Active, &st.Revoked, &expires, &st.MFA)
	if err != nil {
		return nil, db.notFoundOr(err, "Session", "session state")
	}
	st.ExpiresAt = FromTS(expires)
	return &st, nil
}

// TouchSession sets LastUsedAt; ENOTFOUND for an unknown session.
func (db *DB) TouchSession(ctx context.Context, sessionID string, now time.Time) error {
	return db.execOne(ctx, "touch session", NotFound("Session"), sessionTouch, TS(now), sessionID)
}

// ListSessions returns the user's live sessions, newest first.
func (db *DB) ListSessions(ctx context.Context, userID string, now time.Time) ([]store.SessionRecord, error) {
	return readAll(ctx, db, "list sessions", ScanSessionItem, sessionsLive, userID, TS(now))
}

// RevokeSession revokes a live session of userID with one conditional
// UPDATE; ENOTFOUND when the session is someone else's, revoked or
// expired.
func (db *DB) RevokeSession(ctx context.Context, userID, sessionID string, now time.Time) error {
	return db.execOne(ctx, "revoke session", NotFound("Session"), sessionRevoke, TS(now), sessionID, userID, TS(now))
}

// RevokeUserSessions revokes every unrevoked session of userID but keep.
func (db *DB) RevokeUserSessions(ctx context.Context, userID, keep string, now time.Time) (int, error) {
	var n int
	err := db.e.Step(ctx, func(q Q) (err error) {
		n, err = db.revokeUserSessions(ctx, q, userID, keep, now)
		return err
	})
	return n, err
}

func (db *DB) revokeUserSessions(ctx context.Context, q Q, userID, keep string, now time.Time) (int, error) {
	n, err := q.Exec(ctx, revokeUserSessions, TS(now), userID, keep)
	if err != nil {
		return 0, db.errorf("revoke sessions", err)
	}
	return int(n), nil
}

// PruneSessions deletes dead sessions with their refresh tokens.
func (db *DB) PruneSessions(ctx context.Context, before time.Time) (int, error) {
	return db.exec(ctx, "prune sessions", sessionsPrune, TS(before), TS(before))
}

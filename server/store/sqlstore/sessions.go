package sqlstore

import (
	"context"
	"time"
)

// revokeUserSessions revokes every unrevoked session of the user but keep.
// Args: revoked_at, user_id, keep. It also revokes expired sessions:
// revocation must not depend on the caller's clock agreeing with the one
// that set the expiry.
const revokeUserSessions = `UPDATE sessions SET revoked_at = ?
	WHERE user_id = ? AND id <> ? AND revoked_at IS NULL`

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

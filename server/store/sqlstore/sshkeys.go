package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.SSHKeys = (*DB)(nil)

const sshKeyColumns = `id, user_id, fingerprint, key_type, public_key, name, created_at, last_used_at`

// AddSSHKey locks the user's row, so that two adds of one user count
// each other, then inserts; the unique fingerprint decides between two
// accounts racing for one key.
func (db *DB) AddSSHKey(ctx context.Context, k *store.SSHKeyRecord, max int) error {
	k.CreatedAt = FromTS(TS(k.CreatedAt))
	err := db.e.Tx(ctx, func(q Q) error {
		var id string
		err := q.QueryRow(ctx, `SELECT id FROM users WHERE id = ? `+db.e.Lock(ForUpdate, ""), k.UserID).Scan(&id)
		if err != nil {
			return db.notFoundOr(err, "User", "add ssh key")
		}
		var n int
		if err := q.QueryRow(ctx, `SELECT count(*) FROM ssh_keys WHERE user_id = ?`, k.UserID).Scan(&n); err != nil {
			return db.errorf("add ssh key", err)
		}
		if n >= max {
			return hiregate.ValidationError(map[string]string{"public_key": fmt.Sprintf("an account links at most %d keys: remove one first", max)})
		}
		_, err = q.Exec(ctx, `INSERT INTO ssh_keys (`+sshKeyColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
			k.ID, k.UserID, k.Fingerprint, k.Type, k.PublicKey, k.Name, TS(k.CreatedAt))
		if db.e.Unique(err, "ssh_keys") {
			return hiregate.Errorf(hiregate.ECONFLICT, "This key is already linked to an account")
		}
		if err != nil {
			return db.errorf("add ssh key", err)
		}
		return nil
	})
	return err
}

// ListSSHKeys returns the user's keys, oldest first.
func (db *DB) ListSSHKeys(ctx context.Context, userID string) ([]hiregate.SSHKey, error) {
	recs, err := readAll(ctx, db, "list ssh keys", scanSSHKey,
		`SELECT `+sshKeyColumns+` FROM ssh_keys WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, err
	}
	out := make([]hiregate.SSHKey, len(recs))
	for i, k := range recs {
		out[i] = k.SSHKey
	}
	return out, nil
}

// DeleteSSHKey is one DELETE … RETURNING.
func (db *DB) DeleteSSHKey(ctx context.Context, userID, id string) (*hiregate.SSHKey, error) {
	var k *store.SSHKeyRecord
	err := db.e.Step(ctx, func(q Q) error {
		var err error
		k, err = scanSSHKey(q.QueryRow(ctx, `DELETE FROM ssh_keys WHERE id = ? AND user_id = ? RETURNING `+sshKeyColumns, id, userID))
		return err
	})
	if err != nil {
		return nil, db.notFoundOr(err, "SSH key", "delete ssh key")
	}
	return &k.SSHKey, nil
}

// UseSSHKey is one UPDATE … RETURNING.
func (db *DB) UseSSHKey(ctx context.Context, fingerprint string, now time.Time) (*store.SSHKeyRecord, error) {
	var k *store.SSHKeyRecord
	err := db.e.Step(ctx, func(q Q) error {
		var err error
		k, err = scanSSHKey(q.QueryRow(ctx, `UPDATE ssh_keys SET last_used_at = ? WHERE fingerprint = ? RETURNING `+sshKeyColumns,
			TS(now), fingerprint))
		return err
	})
	if err != nil {
		return nil, db.notFoundOr(err, "SSH key", "use ssh key")
	}
	return k, nil
}

func scanSSHKey(s Scanner) (*store.SSHKeyRecord, error) {
	var k store.SSHKeyRecord
	var created int64
	var used *int64
	if err := s.Scan(&k.ID, &k.UserID, &k.Fingerprint, &k.Type, &k.PublicKey, &k.Name, &created, &used); err != nil {
		return nil, err
	}
	k.CreatedAt = FromTS(created)
	if used != nil {
		t := FromTS(*used)
		k.LastUsedAt = &t
	}
	return &k, nil
}

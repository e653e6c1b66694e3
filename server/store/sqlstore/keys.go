package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

// The signing keys servers sharing a database publish to each other
// (store.SigningKeys, whose WatchSigningKeys the engine supplies, since
// how a server hears of a change is the engine's). Only an engine with
// such a channel keeps the table: PostgreSQL.

// KeysChannel is the channel on which a change of the signing keys is
// announced (Engine.Notify), and on which servers listen for one.
const KeysChannel = "hiregate_keys"

const (
	keyColumns = `kid, alg, public_key, created_at, retire_at`
	// keyInsert adds a key unless its kid is known. Args: kid, alg,
	// public_key, created_at.
	keyInsert = `INSERT INTO signing_keys (kid, alg, public_key, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kid) DO NOTHING`
	keyByKid = `SELECT ` + keyColumns + ` FROM signing_keys WHERE kid = ?`
	// keysCurrent lists the keys not retired at now. Arg: now.
	keysCurrent = `SELECT ` + keyColumns + ` FROM signing_keys
		WHERE retire_at IS NULL OR retire_at > ? ORDER BY created_at, kid`
	// keysRetire never moves a retire time already set. Arg: retire_at.
	keysRetire = `UPDATE signing_keys SET retire_at = ? WHERE retire_at IS NULL`
)

// PublishSigningKey inserts k unless its kid is known and returns the
// stored record. A new key is announced in the same transaction, so that
// no server hears of it before it can read it.
func (db *DB) PublishSigningKey(ctx context.Context, k store.PublicKey) (*store.PublicKey, error) {
	var out *store.PublicKey
	err := db.e.Tx(ctx, func(q Q) error {
		n, err := q.Exec(ctx, keyInsert, k.Kid, k.Alg, k.Key, TS(k.CreatedAt))
		if err != nil {
			return db.errorf("publish signing key", err)
		}
		if n == 1 {
			if err := db.notify(ctx, q, k.Kid); err != nil {
				return err
			}
		}
		rec, err := scanPublicKey(q.QueryRow(ctx, keyByKid, k.Kid))
		if err != nil {
			return db.errorf("publish signing key", err)
		}
		out = &rec
		return nil
	})
	return out, err
}

// SigningKeys returns the keys not retired at now, oldest first.
func (db *DB) SigningKeys(ctx context.Context, now time.Time) ([]store.PublicKey, error) {
	return readAll(ctx, db, "signing keys", scanPublicKey, keysCurrent, TS(now))
}

// RetireSigningKeys retires every current key at `at` and announces it.
func (db *DB) RetireSigningKeys(ctx context.Context, at time.Time) (int, error) {
	var n int64
	err := db.e.Tx(ctx, func(q Q) (err error) {
		if n, err = q.Exec(ctx, keysRetire, TS(at)); err != nil {
			return db.errorf("retire signing keys", err)
		}
		return db.notify(ctx, q, "rotate")
	})
	return int(n), err
}

// notify announces a change of the keys on KeysChannel, when the engine
// has a way to.
func (db *DB) notify(ctx context.Context, q Q, payload string) error {
	stmt := db.e.Notify()
	if stmt == "" {
		return nil
	}
	if _, err := q.Exec(ctx, stmt, KeysChannel, payload); err != nil {
		return db.errorf("announce signing keys", err)
	}
	return nil
}

func scanPublicKey(row Scanner) (store.PublicKey, error) {
	var k store.PublicKey
	var created int64
	var retire sql.NullInt64
	if err := row.Scan(&k.Kid, &k.Alg, &k.Key, &created, &retire); err != nil {
		return store.PublicKey{}, err
	}
	k.CreatedAt = FromTS(created)
	if retire.Valid {
		t := FromTS(retire.Int64)
		k.RetireAt = &t
	}
	return k, nil
}

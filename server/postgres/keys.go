package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

var _ store.SigningKeys = (*DB)(nil)

// keysChannel is the NOTIFY channel on which a change of the signing keys
// is announced to every replica.
const keysChannel = "hiregate_keys"

// PublishSigningKey inserts k unless its kid is known and returns the
// stored record. A new key is announced on keysChannel, in the same
// transaction, so no replica hears of it before it can read it.
func (db *DB) PublishSigningKey(ctx context.Context, k store.PublicKey) (*store.PublicKey, error) {
	var out *store.PublicKey
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO signing_keys (kid, alg, public_key, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (kid) DO NOTHING`, k.Kid, k.Alg, k.Key, sqlstore.TS(k.CreatedAt))
		if err != nil {
			return fmt.Errorf("postgres: publish signing key: %w", err)
		}
		if tag.RowsAffected() == 1 {
			if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, keysChannel, k.Kid); err != nil {
				return fmt.Errorf("postgres: announce signing key: %w", err)
			}
		}
		out, err = scanPublicKey(tx.QueryRow(ctx, `SELECT kid, alg, public_key, created_at, retire_at FROM signing_keys WHERE kid = $1`, k.Kid))
		if err != nil {
			return fmt.Errorf("postgres: publish signing key: %w", err)
		}
		return nil
	})
	return out, err
}

func scanPublicKey(row sqlstore.Scanner) (*store.PublicKey, error) {
	var k store.PublicKey
	var created int64
	var retire *int64
	if err := row.Scan(&k.Kid, &k.Alg, &k.Key, &created, &retire); err != nil {
		return nil, err
	}
	k.CreatedAt = sqlstore.FromTS(created)
	if retire != nil {
		t := sqlstore.FromTS(*retire)
		k.RetireAt = &t
	}
	return &k, nil
}

// SigningKeys returns the keys not retired at now, oldest first.
func (db *DB) SigningKeys(ctx context.Context, now time.Time) ([]store.PublicKey, error) {
	rows, err := db.q.Query(ctx, `SELECT kid, alg, public_key, created_at, retire_at FROM signing_keys
		WHERE retire_at IS NULL OR retire_at > $1 ORDER BY created_at, kid`, sqlstore.TS(now))
	if err != nil {
		return nil, fmt.Errorf("postgres: signing keys: %w", err)
	}
	defer rows.Close()
	out := []store.PublicKey{}
	for rows.Next() {
		k, err := scanPublicKey(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: signing keys: %w", err)
		}
		out = append(out, *k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: signing keys: %w", err)
	}
	return out, nil
}

// RetireSigningKeys retires every current key at `at` and announces it.
func (db *DB) RetireSigningKeys(ctx context.Context, at time.Time) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE signing_keys SET retire_at = $1 WHERE retire_at IS NULL`, sqlstore.TS(at))
		if err != nil {
			return fmt.Errorf("postgres: retire signing keys: %w", err)
		}
		n = int(tag.RowsAffected())
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, 'rotate')`, keysChannel); err != nil {
			return fmt.Errorf("postgres: announce key rotation: %w", err)
		}
		return nil
	})
	return n, err
}

// watchRetry is the pause before listening again after the connection
// was lost.
const watchRetry = time.Second

// WatchSigningKeys LISTENs on keysChannel on a connection of its own and
// calls changed for every notification, and once after every (re)connect.
func (db *DB) WatchSigningKeys(ctx context.Context, changed func()) {
	for ctx.Err() == nil {
		db.listen(ctx, changed)
		select {
		case <-ctx.Done():
		case <-time.After(watchRetry):
		}
	}
}

func (db *DB) listen(ctx context.Context, changed func()) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return
	}
	// The connection leaves the pool: a LISTENing session must not serve
	// other queries, and must not be reused once this returns.
	pc := conn.Hijack()
	defer pc.Close(context.WithoutCancel(ctx))
	if _, err := pc.Exec(ctx, `LISTEN `+keysChannel); err != nil {
		return
	}
	changed()
	for {
		if _, err := pc.WaitForNotification(ctx); err != nil {
			return
		}
		changed()
	}
}

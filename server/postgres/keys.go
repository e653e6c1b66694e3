package postgres

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// The rest of store.SigningKeys is sqlstore's, which announces each change
// on sqlstore.KeysChannel.
var _ store.SigningKeys = (*DB)(nil)

// watchRetry is the pause before listening again after the connection
// was lost.
const watchRetry = time.Second

// WatchSigningKeys LISTENs on sqlstore.KeysChannel on a connection of its
// own and calls changed for every notification, and once after every
// (re)connect.
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
	if _, err := pc.Exec(ctx, `LISTEN `+sqlstore.KeysChannel); err != nil {
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

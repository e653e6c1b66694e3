package sqlstore

import (
	"context"

	"github.com/hiregate/hiregate/server/store"
)

// Atomic runs fn with a view of the store that is one write transaction
// (see store.Store): its writes commit when fn returns nil and are all
// undone otherwise. Each method of the view runs in a savepoint, so one
// that fails leaves the transaction usable and nothing of its own behind.
// fn runs once (Engine.Atomic): a serialisation failure or deadlock on
// PostgreSQL is retried per call, inside its savepoint, never by running
// fn again; on SQLite fn holds the only write connection while it runs,
// so it must not write through the store it was called on. Atomic on the
// view joins its transaction.
func (db *DB) Atomic(ctx context.Context, fn func(tx store.Store) error) error {
	return db.e.Atomic(ctx, func(view Engine, _ Q) error { return fn(view.Store()) })
}

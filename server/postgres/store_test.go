package postgres_test

import (
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/storetest"
)

// TestStore holds PostgreSQL to the contract every store adapter keeps,
// each case on a database of its own.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Store {
		db := mustOpen(t)
		db.Now = now
		return db
	})
}

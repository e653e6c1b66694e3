package sqlite_test

import (
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/storetest"
)

// TestStore holds SQLite to the contract every store adapter keeps.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Store {
		db, _ := MustOpenDB(t)
		db.Now = now
		return db
	})
}

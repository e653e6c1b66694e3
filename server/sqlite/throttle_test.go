package sqlite_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestReserveAttemptsConcurrent runs 50 goroutines over two handles on one
// file (as two server processes would): exactly Max succeed. The one-handle
// case is in storetest.
func TestReserveAttemptsConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	db1, _ := mustOpenAt(t, path)
	db2, _ := mustOpenAt(t, path)
	ctx := context.Background()
	l := store.Limit{Key: "acct:ann@example.com", Max: 10, Window: time.Minute}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, throttled := 0, 0
	for i := range 50 {
		db := db1
		if i%2 == 1 {
			db = db2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.ReserveAttempts(ctx, []store.Limit{l}, storetest.T0)
			mu.Lock()
			defer mu.Unlock()
			switch hiregate.ErrorCode(err) {
			case "":
				ok++
			case hiregate.ETHROTTLED:
				throttled++
			default:
				t.Errorf("ReserveAttempts = %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 10 || throttled != 40 {
		t.Fatalf("successes = %d, throttled = %d, want 10 and 40", ok, throttled)
	}
}

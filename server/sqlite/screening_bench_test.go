package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/hiregate/hiregate/server/store/storetest"
)

// BenchmarkRankJob10000: storetest.BenchRankJob10000 on a SQLite file.
func BenchmarkRankJob10000(b *testing.B) {
	db, _ := mustOpenAt(b, filepath.Join(b.TempDir(), "rank.db"))
	storetest.BenchRankJob10000(b, db)
}

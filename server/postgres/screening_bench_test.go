package postgres_test

import (
	"testing"

	"github.com/hiregate/hiregate/server/store/storetest"
)

// BenchmarkRankJob10000: storetest.BenchRankJob10000 on PostgreSQL.
func BenchmarkRankJob10000(b *testing.B) {
	storetest.BenchRankJob10000(b, mustOpen(b))
}

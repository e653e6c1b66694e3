package screening_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/screening"
)

// BenchmarkAnalyze is the write-time cost of one application's profile.
func BenchmarkAnalyze(b *testing.B) {
	text := strings.Repeat("Senior Go engineer with PostgreSQL, Kubernetes and gRPC experience. ", 60)
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		screening.Analyze(text)
	}
}

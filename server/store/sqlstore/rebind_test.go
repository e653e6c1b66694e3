package sqlstore_test

import (
	"testing"

	"github.com/hiregate/hiregate/server/store/sqlstore"
)

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE id = ?`, `SELECT a FROM t WHERE id = $1`},
		{`INSERT INTO t (a, b, c) VALUES (?, ?, ?)`, `INSERT INTO t (a, b, c) VALUES ($1, $2, $3)`},
		{`x LIKE ? ESCAPE '\' OR y LIKE ? ESCAPE '\'`, `x LIKE $1 ESCAPE '\' OR y LIKE $2 ESCAPE '\'`},
		{`? ? ? ? ? ? ? ? ? ? ?`, `$1 $2 $3 $4 $5 $6 $7 $8 $9 $10 $11`},
	}
	var r sqlstore.Rebinder
	for _, tt := range tests {
		for range 2 { // the second call answers from the cache
			if got := r.Rebind(tt.in); got != tt.want {
				t.Errorf("Rebind(%q) = %q, want %q", tt.in, got, tt.want)
			}
		}
	}
}

// TestRebindCachedAllocatesNothing: a statement seen before costs a map
// lookup on the hot path, not a rewrite.
func TestRebindCachedAllocatesNothing(t *testing.T) {
	var r sqlstore.Rebinder
	q := `SELECT a FROM t WHERE id = ? AND b = ?`
	r.Rebind(q)
	if n := testing.AllocsPerRun(100, func() { r.Rebind(q) }); n != 0 {
		t.Fatalf("Rebind of a cached statement allocates %v times, want 0", n)
	}
}

func BenchmarkRebind(b *testing.B) {
	q := `SELECT j.id, j.title FROM jobs j JOIN users u ON u.id = j.recruiter_id WHERE j.status = ? AND (j.created_at, j.id) < (?, ?) ORDER BY j.created_at DESC, j.id DESC LIMIT ?`
	b.Run("cached", func(b *testing.B) {
		var r sqlstore.Rebinder
		for b.Loop() {
			r.Rebind(q)
		}
	})
	b.Run("uncached", func(b *testing.B) {
		for b.Loop() {
			sqlstore.Rebind(q)
		}
	})
}

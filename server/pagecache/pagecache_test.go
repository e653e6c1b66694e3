package pagecache_test

import (
	"testing"

	"github.com/hiregate/hiregate/server/pagecache"
)

func TestCache(t *testing.T) {
	type step struct {
		op      string // "get" or "put"
		version uint64
		key     string
		body    string // put: stored; get: wanted ("" = miss)
	}
	tests := []struct {
		name  string
		max   int
		steps []step
	}{
		{"HitAtSameVersion", 100, []step{{"get", 1, "a", ""}, {"put", 1, "a", "A"}, {"get", 1, "a", "A"}}},
		{"NewVersionEmpties", 100, []step{{"get", 1, "a", ""}, {"put", 1, "a", "A"}, {"get", 2, "a", ""}, {"get", 1, "a", ""}}},
		{"StalePutDropped", 100, []step{{"get", 1, "a", ""}, {"get", 2, "b", ""}, {"put", 1, "a", "A"}, {"get", 2, "a", ""}}},
		{"KeysApart", 100, []step{{"get", 1, "a", ""}, {"put", 1, "a", "A"}, {"get", 1, "b", ""}}},
		{"TooBigNeverStored", 4, []step{{"get", 1, "a", ""}, {"put", 1, "a", "12345"}, {"get", 1, "a", ""}}},
		{"FullStartsOver", 4, []step{{"get", 1, "", ""}, {"put", 1, "a", "A"}, {"put", 1, "b", "B"}, {"put", 1, "c", "C"}, {"get", 1, "a", ""}, {"get", 1, "c", "C"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := pagecache.New(tt.max)
			for i, s := range tt.steps {
				switch s.op {
				case "put":
					c.Put(s.version, s.key, []byte(s.body))
				case "get":
					b, ok := c.Get(s.version, s.key)
					if got := string(b); ok != (s.body != "") || got != s.body {
						t.Fatalf("step %d: Get(%d, %q) = %q, %v, want %q", i, s.version, s.key, got, ok, s.body)
					}
				}
			}
		})
	}
}

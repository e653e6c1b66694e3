package screening_test

import (
	"sync"
	"testing"

	"github.com/hiregate/hiregate/server/screening"
)

func TestCache(t *testing.T) {
	p := func(n int) screening.Profile { return make(screening.Profile, n) }
	c := screening.NewCache(100)
	c.Put("a", 1, p(30))
	c.Put("b", 1, p(30))
	if got, ok := c.Get("a", 1); !ok || len(got) != 30 {
		t.Fatalf("Get(a, 1) = %d bytes, %v; want the profile", len(got), ok)
	}
	if _, ok := c.Get("a", 2); ok {
		t.Errorf("Get(a, 2) hit, want a miss: another version")
	}
	// a was used last, so c pushes b out (3 × 31 bytes > 100).
	c.Put("c", 1, p(30))
	c.Put("d", 1, p(30))
	if c.Has("b", 1) || !c.Has("a", 1) || !c.Has("d", 1) {
		t.Errorf("after eviction: has b %v, a %v, d %v; want false, true, true", c.Has("b", 1), c.Has("a", 1), c.Has("d", 1))
	}
	// A new version replaces the old one.
	c.Put("a", 2, p(10))
	if c.Has("a", 1) || !c.Has("a", 2) || c.Len() != 3 {
		t.Errorf("after replacing a: has v1 %v, v2 %v, len %d; want false, true, 3", c.Has("a", 1), c.Has("a", 2), c.Len())
	}
	// A profile larger than the whole budget is not held.
	c.Put("huge", 1, p(200))
	if c.Has("huge", 1) {
		t.Errorf("Has(huge) = true, want a profile over the budget left out")
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := screening.NewCache(1000)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				id := string(rune('a' + (g+i)%26))
				c.Put(id, int64(i%3), make(screening.Profile, 20))
				c.Get(id, int64(i%3))
			}
		}(g)
	}
	wg.Wait()
	if c.Len() > 26 {
		t.Errorf("Len() = %d, want at most 26", c.Len())
	}
}

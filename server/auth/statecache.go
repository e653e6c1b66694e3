package auth

import (
	"context"
	"sync"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

// DefaultStateCacheSize is how many live session states are remembered.
const DefaultStateCacheSize = 10_000

// stateCache remembers live session states between requests, so that the
// revocation check does not read the store on every request. It trusts an
// entry only while the store's version (store.Versioned) is the one read
// before the entry was looked up: logout, logout-all, revoke, password
// change, role or active change, refresh reuse and pruning all commit to
// the store, which changes its version, so the very next request reads the
// store again, whichever process made the change. Expiry is checked on
// every request against the cached expiry.
//
// It holds one version's entries at a time: a new version empties it.
type stateCache struct {
	src store.Versioned
	max int

	mu      sync.Mutex
	version uint64
	m       map[string]store.SessionState
}

func newStateCache(src store.Versioned, max int) *stateCache {
	return &stateCache{src: src, max: max, m: map[string]store.SessionState{}}
}

// lookup returns sid's state, from memory when the store has not changed
// since it was read, else from read (which it then remembers).
func (c *stateCache) lookup(ctx context.Context, sid string, now time.Time, read func() (*store.SessionState, error)) (*store.SessionState, error) {
	v, err := c.src.Version(ctx)
	if err != nil {
		// The store is the truth; without a version nothing cached is.
		return read()
	}
	c.mu.Lock()
	if v != c.version {
		c.version = v
		clear(c.m)
	}
	st, ok := c.m[sid]
	c.mu.Unlock()
	if ok && now.Before(st.ExpiresAt) {
		return &st, nil
	}
	fresh, err := read()
	if err != nil || fresh.Revoked || !fresh.Active || !now.Before(fresh.ExpiresAt) {
		// Only live sessions are remembered: a dead one is rejected by
		// the store each time, which is rare and must stay exact.
		return fresh, err
	}
	c.mu.Lock()
	// v was read before the store was: if anything committed since, the
	// cache has moved on (or will) and this entry is never served.
	if v == c.version {
		if len(c.m) >= c.max {
			clear(c.m)
		}
		c.m[sid] = *fresh
	}
	c.mu.Unlock()
	return fresh, nil
}

// RequestContext returns ctx for one request: in it, the store's version
// is read at most once (see store.VersionMemo), however many caches ask.
func RequestContext(ctx context.Context) context.Context {
	return store.WithVersionMemo(ctx)
}

package auth

import (
	"strings"
	"sync"
	"time"
)

// DefaultTokenCacheSize is how many verified access tokens a Service
// remembers. At ~1 KB an entry (the token, its claims and the map slot) the
// cache tops out around 10 MB.
const DefaultTokenCacheSize = 10000

// cachedToken is an access token whose signature, header and time-independent
// claims have been checked. Only the time-dependent checks are left to do on
// every use, because the clock moves and the signature does not.
type cachedToken struct {
	claims *accessClaims // shared by every hit: read only
	kid    string
	gen    uint64    // keyring generation the signature was checked against
	exp    time.Time // required, so never zero
	nbf    time.Time // zero when the token has none
	iat    time.Time
}

// valid repeats the clock checks verifyAccessToken's parser makes, with the
// same comparisons, so a cached token expires at the very instant an
// uncached one would.
func (ct *cachedToken) valid(now time.Time, leeway time.Duration) bool {
	if !now.Before(ct.exp.Add(leeway)) {
		return false
	}
	if !ct.nbf.IsZero() && now.Before(ct.nbf.Add(-leeway)) {
		return false
	}
	return !ct.iat.After(now.Add(leeway))
}

// tokenCache maps a raw access token to its verified claims. Keying on the
// exact string means a token differing in any byte (a tampered payload, a
// non-canonical spelling) misses and goes through the full check. Only
// successful verifications are stored, so garbage can neither grow the cache
// nor push good entries out; filling it takes valid tokens, which take logins.
type tokenCache struct {
	max int

	mu sync.RWMutex
	m  map[string]*cachedToken
}

func newTokenCache(size int) *tokenCache {
	return &tokenCache{max: size, m: make(map[string]*cachedToken)}
}

func (c *tokenCache) get(raw string) (*cachedToken, bool) {
	c.mu.RLock()
	ct, ok := c.m[raw]
	c.mu.RUnlock()
	return ct, ok
}

// drop removes raw's entry if it is still ct: another goroutine may have
// replaced it with a fresh verification in the meantime.
func (c *tokenCache) drop(raw string, ct *cachedToken) {
	c.mu.Lock()
	if c.m[raw] == ct {
		delete(c.m, raw)
	}
	c.mu.Unlock()
}

func (c *tokenCache) put(raw string, ct *cachedToken, now time.Time, leeway time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[raw]; !ok && len(c.m) >= c.max {
		c.evict(now, leeway)
	}
	// raw is often a slice of the whole Authorization header; cloning keeps
	// the cache from pinning the rest of it.
	c.m[strings.Clone(raw)] = ct
}

// evict makes room: first every entry that can no longer be used, then
// arbitrary ones (map iteration starts at a random point) until a quarter of
// the cache is free. The sweep is O(max) but runs at most once per max/4
// insertions, so insertion stays O(1) amortised.
func (c *tokenCache) evict(now time.Time, leeway time.Duration) {
	for k, ct := range c.m {
		if !now.Before(ct.exp.Add(leeway)) {
			delete(c.m, k)
		}
	}
	target := c.max - max(c.max/4, 1)
	for k := range c.m {
		if len(c.m) <= target {
			break
		}
		delete(c.m, k)
	}
}

func (c *tokenCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

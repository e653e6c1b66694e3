// Package pagecache keeps encoded response bodies in memory for as long as
// the store they were read from has not changed.
//
// Entries are tagged with the store's version (store.Versioned) read
// before the store was: Get serves an entry only while the version is
// still that one, and the first Get with a new version empties the cache.
// Any commit, by this process or another, changes the version, so a
// client never sees a page older than its own last write. What a key must
// hold (the normalised query and everything about the caller that changes
// the answer) is the caller's business: a cached page is served to anyone
// who presents the same key.
package pagecache

import "sync"

// Cache is safe for concurrent use. The zero value is not usable; use New.
type Cache struct {
	maxBytes int

	mu      sync.Mutex
	version uint64
	bytes   int
	m       map[string][]byte
}

// New returns a cache holding at most maxBytes of keys and bodies.
func New(maxBytes int) *Cache {
	return &Cache{maxBytes: maxBytes, m: map[string][]byte{}}
}

// Get returns the body stored under key for version. The caller must not
// modify it.
func (c *Cache) Get(version uint64, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		c.reset(version)
		return nil, false
	}
	b, ok := c.m[key]
	return b, ok
}

// Put stores body under key when version is still the cache's one: a body
// read before a newer version was seen may already be stale, and is
// dropped. A full cache starts over rather than tracking recency: pages
// live only until the next write anyway.
func (c *Cache) Put(version uint64, key string, body []byte) {
	size := len(key) + len(body)
	if size > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return
	}
	if _, ok := c.m[key]; ok {
		return
	}
	if c.bytes+size > c.maxBytes {
		c.reset(version)
	}
	c.m[key] = body
	c.bytes += size
}

// Len is the number of bodies held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func (c *Cache) reset(version uint64) {
	c.version = version
	c.bytes = 0
	clear(c.m)
}

package screening

import (
	"container/list"
	"sync"
)

// Cache keeps profiles read from the store by application id and version,
// within a byte budget, dropping the least recently used first. A stored
// profile gets a new version whenever it changes, so a hit is always
// current, on any number of servers sharing the database: the store is
// asked for ids and versions every time and only misses are read.
type Cache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type cached struct {
	id      string
	version int64
	profile Profile
}

// NewCache returns a cache holding at most maxBytes of profiles.
func NewCache(maxBytes int64) *Cache {
	return &Cache{max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

// Get returns the profile of id at version, if held.
func (c *Cache) Get(id string, version int64) (Profile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[id]
	if !ok || e.Value.(*cached).version != version {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).profile, true
}

// Has reports whether the profile of id at version is held, without
// counting as a use.
func (c *Cache) Has(id string, version int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[id]
	return ok && e.Value.(*cached).version == version
}

// Put holds p as the profile of id at version, replacing an older one.
func (c *Cache) Put(id string, version int64, p Profile) {
	n := int64(len(p) + len(id))
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[id]; ok {
		c.remove(e)
	}
	c.items[id] = c.order.PushFront(&cached{id: id, version: version, profile: p})
	c.size += n
	for c.size > c.max {
		c.remove(c.order.Back())
	}
}

// Len is how many profiles are held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

func (c *Cache) remove(e *list.Element) {
	v := e.Value.(*cached)
	c.order.Remove(e)
	delete(c.items, v.id)
	c.size -= int64(len(v.profile) + len(v.id))
}

package gateway

import (
	"sync"
	"time"
)

// connLimiter bounds the connections open at once, per client address
// and in total.
type connLimiter struct {
	mu       sync.Mutex
	perAddr  map[string]int
	total    int
	maxAddr  int
	maxTotal int
}

func newConnLimiter(maxAddr, maxTotal int) *connLimiter {
	return &connLimiter{perAddr: map[string]int{}, maxAddr: maxAddr, maxTotal: maxTotal}
}

// acquire takes a place for addr; false when a limit is reached.
func (l *connLimiter) acquire(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.total >= l.maxTotal || l.perAddr[addr] >= l.maxAddr {
		return false
	}
	l.total++
	l.perAddr[addr]++
	return true
}

func (l *connLimiter) release(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if l.perAddr[addr]--; l.perAddr[addr] <= 0 {
		delete(l.perAddr, addr)
	}
}

// rateLimiter is a token bucket per client address: rate attempts a
// minute, up to burst at once.
type rateLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	perMin  float64
	burst   float64
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimiter(perMinute, burst int, now func() time.Time) *rateLimiter {
	return &rateLimiter{buckets: map[string]*bucket{}, perMin: float64(perMinute), burst: float64(burst), now: now}
}

// allow spends one attempt of addr; false when it has none left.
func (r *rateLimiter) allow(addr string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	b, ok := r.buckets[addr]
	if !ok {
		// Forget full buckets now and then, so the map stays as big as
		// the addresses seen lately.
		if len(r.buckets) > 10_000 {
			for k, v := range r.buckets {
				if r.fill(v, now) >= r.burst {
					delete(r.buckets, k)
				}
			}
		}
		b = &bucket{tokens: r.burst, at: now}
		r.buckets[addr] = b
	}
	b.tokens = r.fill(b, now)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (r *rateLimiter) fill(b *bucket, now time.Time) float64 {
	return min(r.burst, b.tokens+now.Sub(b.at).Minutes()*r.perMin)
}

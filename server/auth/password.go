package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/hashworker"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Bcrypt is where password hashes are computed: a hashworker.Pool (child
// processes at a lower priority, what the server uses) or
// hashworker.InProcess (the default).
type Bcrypt interface {
	Generate(ctx context.Context, password []byte, cost int) ([]byte, error)
	// Compare returns nil for a match and bcrypt.ErrMismatchedHashAndPassword
	// for none.
	Compare(ctx context.Context, hash, password []byte) error
}

// hasher runs at most n bcrypt computations at once. A hash that would
// wait longer than maxWait for a slot (the hashes ahead of it times the
// measured mean hash time, over n) is refused at once with a 503 whose
// Retry-After is that wait, so that a burst of sign-ups waits its turn
// while a flood neither queues without bound nor starves other requests of
// CPU. Where the computations run, and at which priority, is the Bcrypt's
// business.
type hasher struct {
	cost    int
	slots   int
	maxWait time.Duration
	sem     chan struct{} // one token per running hash

	mu     sync.Mutex
	queued int           // hashes waiting or running
	mean   time.Duration // moving mean of one hash's time

	// bcrypt's two operations, replaced by tests that need a hash to take
	// as long as they say.
	generate func(ctx context.Context, password []byte, cost int) ([]byte, error)
	compare  func(ctx context.Context, hash, password []byte) error
}

// maxQueuedPerSlot bounds the hashes waiting per slot whatever their
// expected wait, for hashes so fast that the wait alone would let
// thousands of requests pile up.
const maxQueuedPerSlot = 256

func newHasher(cost, n int, maxWait time.Duration, b Bcrypt) *hasher {
	if b == nil {
		b = hashworker.InProcess{}
	}
	return &hasher{cost: cost, slots: n, maxWait: maxWait, sem: make(chan struct{}, n),
		generate: b.Generate, compare: b.Compare}
}

// hashBusy is the error of a hash refused because its expected wait is
// too long; Retry-After is that wait, at least a second.
func hashBusy(wait time.Duration) error {
	return &hiregate.Error{Code: hiregate.EUNAVAILABLE, Message: "Too many passwords to check at once; try again shortly",
		RetryAfter: max(1, int((wait+time.Second-1)/time.Second))}
}

// admit counts a hash in, or refuses it when it would wait too long.
func (h *hasher) admit() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	wait := h.expectedWaitLocked()
	if wait > h.maxWait || h.queued >= h.slots*(1+maxQueuedPerSlot) {
		return hashBusy(wait)
	}
	h.queued++
	return nil
}

// expectedWaitLocked is how long one more hash would wait for a slot: the
// hashes that must finish before it starts, each taking the mean time on
// one of the slots.
func (h *hasher) expectedWaitLocked() time.Duration {
	ahead := h.queued - h.slots + 1
	if ahead <= 0 {
		return 0
	}
	return time.Duration(ahead) * h.mean / time.Duration(h.slots)
}

// observe adds one hash's time to the moving mean (weight 1/8, so that a
// slower machine or a heavier load shows within a few hashes).
func (h *hasher) observe(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.mean == 0 {
		h.mean = d
		return
	}
	h.mean += (d - h.mean) / 8
}

// run runs fn, or refuses it at once when its wait would be too long. A
// caller that gives up (ctx) while queued leaves the queue.
func (h *hasher) run(ctx context.Context, fn func()) error {
	if err := h.admit(); err != nil {
		return err
	}
	defer func() {
		h.mu.Lock()
		h.queued--
		h.mu.Unlock()
	}()
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.sem }()
	start := time.Now()
	fn()
	if ctx.Err() == nil { // a cancelled hash ended early: its time says nothing
		h.observe(time.Since(start))
	}
	return nil
}

// clientError is err when it is one the client may see (a hash worker
// restarting is a 503 with Retry-After), else nil.
func clientError(err error) error {
	var he *hiregate.Error
	if errors.As(err, &he) {
		return he
	}
	return nil
}

// Hash returns the bcrypt hash of password. Passwords over 72 bytes are an
// EINVALID error: bcrypt would silently ignore the rest.
func (h *hasher) Hash(ctx context.Context, field, password string) (string, error) {
	if msg := hiregate.PasswordProblem(password); msg != "" {
		return "", hiregate.ValidationError(map[string]string{field: msg})
	}
	var b []byte
	var err error
	if rerr := h.run(ctx, func() { b, err = h.generate(ctx, []byte(password), h.cost) }); rerr != nil {
		return "", rerr
	}
	if ce := clientError(err); ce != nil {
		return "", ce
	} else if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(b), nil
}

// Compare reports whether password matches hash. A password over 72 bytes
// never matches (bcrypt would compare only its first 72 bytes), but the
// comparison still runs so that it takes the usual time.
func (h *hasher) Compare(ctx context.Context, hash []byte, password string) (bool, error) {
	tooLong := len(password) > hiregate.MaxPasswordBytes
	if tooLong {
		password = password[:hiregate.MaxPasswordBytes]
	}
	var err error
	if rerr := h.run(ctx, func() { err = h.compare(ctx, hash, []byte(password)) }); rerr != nil {
		return false, rerr
	}
	switch ce := clientError(err); {
	case ce != nil:
		return false, ce
	case err == nil:
		return !tooLong, nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return false, nil
	}
	return false, fmt.Errorf("compare password: %w", err)
}

// needsRehash reports whether hash was made at another cost than the
// configured one.
func (h *hasher) needsRehash(hash []byte) bool {
	c, err := bcrypt.Cost(hash)
	return err == nil && c != h.cost
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never fails on supported platforms (Go 1.24+).
	_, _ = rand.Read(b)
	return b
}

// newRefreshToken returns a fresh refresh token (32 random bytes, base64url)
// and the hash under which it is stored.
func newRefreshToken() (token, hash string) {
	token = base64.RawURLEncoding.EncodeToString(randomBytes(32))
	return token, hashRefresh(token)
}

// hashRefresh is how a refresh token is stored: only its SHA-256. The
// token has 256 bits of entropy, so a fast hash is enough.
func hashRefresh(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newID() string { return base64.RawURLEncoding.EncodeToString(randomBytes(16)) }

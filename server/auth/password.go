package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// hasher runs at most n bcrypt computations at once with a bounded queue
// in front, so that a login flood neither starves every other request of
// CPU nor makes logins wait without bound: when the queue is full a hash
// is refused at once (errHashBusy, a 503 with Retry-After).
//
// Each computation runs on an OS thread of its own at a lower scheduling
// priority (nice 10 on Linux), which ends with it: when requests want the
// CPU the kernel gives it to them first, and when they do not bcrypt gets
// every core. The server raises GOMAXPROCS by n so that running hashes
// never hold every P the Go scheduler has: a hashing thread needs a P like
// any goroutine, and with GOMAXPROCS at the core count two hashes held
// both, leaving requests to Go's 10 ms preemption (GET /jobs p99 during a
// login flood 16.8x its p99 alone, against 1.6x with the extra Ps;
// docs/PERFORMANCE.md).
type hasher struct {
	cost  int
	sem   chan struct{} // one token per running hash
	queue chan struct{} // one token per hash waiting or running

	// bcrypt, replaced by tests that need a hash to take as long as they
	// say.
	generate func(password []byte, cost int) ([]byte, error)
	compare  func(hash, password []byte) error
}

func newHasher(cost, n, queue int) *hasher {
	return &hasher{cost: cost, sem: make(chan struct{}, n), queue: make(chan struct{}, n+queue),
		generate: bcrypt.GenerateFromPassword, compare: bcrypt.CompareHashAndPassword}
}

// errHashBusy is returned when too many hashes are already waiting.
var errHashBusy = &hiregate.Error{Code: hiregate.EUNAVAILABLE, Message: "Too many logins at once; try again shortly", RetryAfter: 1}

// run runs fn, or returns errHashBusy at once when the queue is full. A
// caller that gives up (ctx) while queued leaves the queue.
func (h *hasher) run(ctx context.Context, fn func()) error {
	select {
	case h.queue <- struct{}{}:
	default:
		return fresh(errHashBusy)
	}
	defer func() { <-h.queue }()
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.sem }()
	done := make(chan struct{})
	go func() {
		// The goroutine exits locked to its thread, so the runtime ends
		// the thread and its lowered priority with it.
		lowerThreadPriority()
		fn()
		close(done)
	}()
	<-done
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
	if rerr := h.run(ctx, func() { b, err = h.generate([]byte(password), h.cost) }); rerr != nil {
		return "", rerr
	}
	if err != nil {
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
	if rerr := h.run(ctx, func() { err = h.compare(hash, []byte(password)) }); rerr != nil {
		return false, rerr
	}
	switch {
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

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

// hasher runs bcrypt with at most n computations in flight, so that a login
// flood queues here instead of starving every other goroutine of CPU.
type hasher struct {
	cost int
	sem  chan struct{}
}

func newHasher(cost, n int) *hasher {
	return &hasher{cost: cost, sem: make(chan struct{}, n)}
}

func (h *hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *hasher) release() { <-h.sem }

// Hash returns the bcrypt hash of password. Passwords over 72 bytes are an
// EINVALID error: bcrypt would silently ignore the rest.
func (h *hasher) Hash(ctx context.Context, field, password string) (string, error) {
	if msg := hiregate.PasswordProblem(password); msg != "" {
		return "", hiregate.ValidationError(map[string]string{field: msg})
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	b, err := bcrypt.GenerateFromPassword([]byte(password), h.cost)
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
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	err := bcrypt.CompareHashAndPassword(hash, []byte(password))
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

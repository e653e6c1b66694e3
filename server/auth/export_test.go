package auth

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Hooks for the external tests and benchmarks: issuing and verifying a token
// without a login (and its bcrypt) in between.

func (s *Service) IssueAccessToken(userID string, role hiregate.Role, sid string) (string, error) {
	return s.issueAccessToken(userID, role, sid)
}

func (s *Service) VerifyAccessToken(raw string) error {
	_, err := s.verifyAccessToken(raw)
	return err
}

// HoldHashSlots fills the bcrypt semaphore and returns the function that
// empties it again.
func (s *Service) HoldHashSlots() (release func()) {
	n := cap(s.hash.sem)
	for range n {
		s.hash.sem <- struct{}{}
	}
	return func() {
		for range n {
			<-s.hash.sem
		}
	}
}

// TokenCacheLen is how many verified access tokens the service remembers.
func (s *Service) TokenCacheLen() int {
	if s.tokens == nil {
		return 0
	}
	return s.tokens.len()
}

// TokenCached reports whether raw is in the verified-token cache.
func (s *Service) TokenCached(raw string) bool {
	if s.tokens == nil {
		return false
	}
	_, ok := s.tokens.get(raw)
	return ok
}

// BlockHashes makes every hash comparison wait until release is called,
// then compare for real; entered receives once per comparison that
// started waiting.
func (s *Service) BlockHashes() (entered <-chan struct{}, release func()) {
	in, gate := make(chan struct{}, 64), make(chan struct{})
	real := s.hash.compare
	s.hash.compare = func(ctx context.Context, hash, password []byte) error {
		in <- struct{}{}
		<-gate
		return real(ctx, hash, password)
	}
	return in, func() { close(gate) }
}

// HashesQueued is how many hashes run or wait for a slot.
func (s *Service) HashesQueued() int {
	s.hash.mu.Lock()
	defer s.hash.mu.Unlock()
	return s.hash.queued
}

// SetHashTime sets the measured mean time of one hash.
func (s *Service) SetHashTime(d time.Duration) {
	s.hash.mu.Lock()
	defer s.hash.mu.Unlock()
	s.hash.mean = d
}

package memstore

import (
	"bytes"
	"context"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

// mfaState is the second-factor part of the store. Each user record's MFA
// flag is kept in step with totp, as the SQL adapters derive it.
type mfaState struct {
	totp     map[string]*store.TOTPRecord
	recovery map[string]map[string]bool // user -> hash -> used
	tokens   map[string]*mfaToken       // by hash
}

type mfaToken struct {
	userID  string
	expires time.Time
	spent   bool
}

func newMFAState() mfaState {
	return mfaState{totp: map[string]*store.TOTPRecord{}, recovery: map[string]map[string]bool{}, tokens: map[string]*mfaToken{}}
}

// PutPendingTOTP stores a pending enrolment, never over an enabled one.
func (s *Store) PutPendingTOTP(_ context.Context, userID string, sealed []byte, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[userID]; !ok {
		return notFound("User")
	}
	if r, ok := s.mfa.totp[userID]; ok && r.EnabledAt != nil {
		return store.ErrTOTPEnabled
	}
	s.mfa.totp[userID] = &store.TOTPRecord{UserID: userID, Secret: bytes.Clone(sealed), LastStep: -1, CreatedAt: now}
	return nil
}

// TOTP returns ENOTFOUND when the user has no enrolment.
func (s *Store) TOTP(_ context.Context, userID string) (*store.TOTPRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.mfa.totp[userID]
	if !ok {
		return nil, notFound("Second factor")
	}
	c := *r
	c.Secret = bytes.Clone(r.Secret)
	if r.EnabledAt != nil {
		t := *r.EnabledAt
		c.EnabledAt = &t
	}
	return &c, nil
}

// EnableTOTP enables the pending enrolment with exactly this secret.
func (s *Store) EnableTOTP(_ context.Context, userID string, sealed []byte, step int64, hashes []string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.mfa.totp[userID]
	if !ok || r.EnabledAt != nil || !bytes.Equal(r.Secret, sealed) {
		return store.ErrNoPendingTOTP
	}
	r.EnabledAt, r.LastStep = &now, step
	codes := make(map[string]bool, len(hashes))
	for _, h := range hashes {
		codes[h] = false
	}
	s.mfa.recovery[userID] = codes
	s.users[userID].MFA = true
	return nil
}

// UseTOTPStep accepts only a step later than the last.
func (s *Store) UseTOTPStep(_ context.Context, userID string, step int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.mfa.totp[userID]
	if !ok || r.EnabledAt == nil || r.LastStep >= step {
		return store.ErrCodeUsed
	}
	r.LastStep = step
	return nil
}

// UseRecoveryCode spends an unused code of an enabled second factor.
func (s *Store) UseRecoveryCode(_ context.Context, userID, hash string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.mfa.totp[userID]
	used, known := s.mfa.recovery[userID][hash]
	if !ok || r.EnabledAt == nil || !known || used {
		return store.ErrCodeUsed
	}
	s.mfa.recovery[userID][hash] = true
	return nil
}

// RecoveryCodesLeft counts unused codes.
func (s *Store) RecoveryCodesLeft(_ context.Context, userID string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, used := range s.mfa.recovery[userID] {
		if !used {
			n++
		}
	}
	return n, nil
}

// DeleteTOTP removes the enrolment, its codes and the user's mfa_tokens.
func (s *Store) DeleteTOTP(_ context.Context, userID string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, had := s.mfa.totp[userID]
	delete(s.mfa.totp, userID)
	delete(s.mfa.recovery, userID)
	for h, t := range s.mfa.tokens {
		if t.userID == userID {
			delete(s.mfa.tokens, h)
		}
	}
	if u, ok := s.users[userID]; ok {
		u.MFA = false
	}
	return had, nil
}

// CreateMFAToken stores a login challenge.
func (s *Store) CreateMFAToken(_ context.Context, hash, userID string, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[userID]; !ok {
		return notFound("User")
	}
	s.mfa.tokens[hash] = &mfaToken{userID: userID, expires: expires}
	return nil
}

// MFATokenUser returns the user of a live token.
func (s *Store) MFATokenUser(_ context.Context, hash string, now time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.mfa.tokens[hash]
	if !ok || t.spent || !t.expires.After(now) {
		return "", store.ErrMFATokenInvalid
	}
	return t.userID, nil
}

// SpendMFAToken spends a live token of userID.
func (s *Store) SpendMFAToken(_ context.Context, hash, userID string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.mfa.tokens[hash]
	if !ok || t.spent || t.userID != userID || !t.expires.After(now) {
		return store.ErrMFATokenInvalid
	}
	t.spent = true
	return nil
}

// PruneMFATokens deletes tokens that expired before before.
func (s *Store) PruneMFATokens(_ context.Context, before time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for h, t := range s.mfa.tokens {
		if t.expires.Before(before) {
			delete(s.mfa.tokens, h)
			n++
		}
	}
	return n, nil
}

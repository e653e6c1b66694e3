package auth_test

import (
	"bytes"
	"context"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

// fakeMFA is the fake store's second-factor state. The user record's MFA
// flag is kept in step with totp, as the SQL adapters derive it.
type fakeMFA struct {
	totp     map[string]*store.TOTPRecord
	recovery map[string]map[string]bool // user -> hash -> used
	tokens   map[string]*fakeMFAToken   // hash -> token
}

type fakeMFAToken struct {
	userID  string
	expires time.Time
	spent   bool
}

func (f *fakeStore) mfaLocked() *fakeMFA {
	if f.mfa.totp == nil {
		f.mfa = fakeMFA{totp: map[string]*store.TOTPRecord{}, recovery: map[string]map[string]bool{}, tokens: map[string]*fakeMFAToken{}}
	}
	return &f.mfa
}

func (f *fakeStore) PutPendingTOTP(_ context.Context, userID string, sealed []byte, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.users[userID]; !ok {
		return notFound("User")
	}
	m := f.mfaLocked()
	if r, ok := m.totp[userID]; ok && r.EnabledAt != nil {
		return store.ErrTOTPEnabled
	}
	m.totp[userID] = &store.TOTPRecord{UserID: userID, Secret: bytes.Clone(sealed), LastStep: -1, CreatedAt: now}
	return nil
}

func (f *fakeStore) TOTP(_ context.Context, userID string) (*store.TOTPRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.mfaLocked().totp[userID]
	if !ok {
		return nil, notFound("Second factor")
	}
	c := *r
	c.Secret = bytes.Clone(r.Secret)
	return &c, nil
}

func (f *fakeStore) EnableTOTP(_ context.Context, userID string, sealed []byte, step int64, hashes []string, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.mfaLocked()
	r, ok := m.totp[userID]
	if !ok || r.EnabledAt != nil || !bytes.Equal(r.Secret, sealed) {
		return store.ErrNoPendingTOTP
	}
	r.EnabledAt, r.LastStep = &now, step
	codes := map[string]bool{}
	for _, h := range hashes {
		codes[h] = false
	}
	m.recovery[userID] = codes
	f.users[userID].MFA = true
	return nil
}

func (f *fakeStore) UseTOTPStep(_ context.Context, userID string, step int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.mfaLocked().totp[userID]
	if !ok || r.EnabledAt == nil || r.LastStep >= step {
		return store.ErrCodeUsed
	}
	r.LastStep = step
	return nil
}

func (f *fakeStore) UseRecoveryCode(_ context.Context, userID, hash string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.mfaLocked()
	r, ok := m.totp[userID]
	used, known := m.recovery[userID][hash]
	if !ok || r.EnabledAt == nil || !known || used {
		return store.ErrCodeUsed
	}
	m.recovery[userID][hash] = true
	return nil
}

func (f *fakeStore) RecoveryCodesLeft(_ context.Context, userID string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, used := range f.mfaLocked().recovery[userID] {
		if !used {
			n++
		}
	}
	return n, nil
}

func (f *fakeStore) DeleteTOTP(_ context.Context, userID string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.mfaLocked()
	_, had := m.totp[userID]
	delete(m.totp, userID)
	delete(m.recovery, userID)
	for h, t := range m.tokens {
		if t.userID == userID {
			delete(m.tokens, h)
		}
	}
	if u, ok := f.users[userID]; ok {
		u.MFA = false
	}
	return had, nil
}

func (f *fakeStore) CreateMFAToken(_ context.Context, hash, userID string, expires time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.users[userID]; !ok {
		return notFound("User")
	}
	f.mfaLocked().tokens[hash] = &fakeMFAToken{userID: userID, expires: expires}
	return nil
}

func (f *fakeStore) MFATokenUser(_ context.Context, hash string, now time.Time) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.mfaLocked().tokens[hash]
	if !ok || t.spent || !t.expires.After(now) {
		return "", store.ErrMFATokenInvalid
	}
	return t.userID, nil
}

func (f *fakeStore) SpendMFAToken(_ context.Context, hash, userID string, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.mfaLocked().tokens[hash]
	if !ok || t.spent || t.userID != userID || !t.expires.After(now) {
		return store.ErrMFATokenInvalid
	}
	t.spent = true
	return nil
}

func (f *fakeStore) PruneMFATokens(_ context.Context, before time.Time) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	m := f.mfaLocked()
	for h, t := range m.tokens {
		if t.expires.Before(before) {
			delete(m.tokens, h)
			n++
		}
	}
	return n, nil
}

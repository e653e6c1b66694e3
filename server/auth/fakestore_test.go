package auth_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// fakeStore is an in-memory store.Store with the semantics the interface
// documents for the parts auth uses (users, sessions, throttle, audit). The
// embedded nil Store makes any other method panic, which would show that
// auth reached for something it should not.
type fakeStore struct {
	store.Store

	mu        sync.Mutex
	nextID    int
	users     map[string]*store.UserRecord
	byEmail   map[string]string
	sessions  map[string]*store.SessionRecord
	refresh   map[string]*fakeRefresh // hash -> token
	attempts  []fakeAttempt
	audit     []hiregate.AuditEvent
	touches   int
	createdAt time.Time
	mfa       fakeMFA // guarded by mu; see fakestore_mfa_test.go
}

type fakeRefresh struct {
	sessionID string
	expires   time.Time
	spent     bool
}

type fakeAttempt struct {
	id  int64
	key string
	at  time.Time
}

func newFakeStore() *fakeStore {
	return &fakeStore{
		users:     map[string]*store.UserRecord{},
		byEmail:   map[string]string{},
		sessions:  map[string]*store.SessionRecord{},
		refresh:   map[string]*fakeRefresh{},
		createdAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

func notFound(what string) error { return hiregate.Errorf(hiregate.ENOTFOUND, "%s not found", what) }

func (f *fakeStore) CreateUser(_ context.Context, u *hiregate.User, hash string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.byEmail[u.Email]; ok {
		return hiregate.Errorf(hiregate.ECONFLICT, "Email already registered")
	}
	f.nextID++
	u.ID = fmt.Sprintf("u%d", f.nextID)
	u.CreatedAt = f.createdAt
	f.users[u.ID] = &store.UserRecord{User: *u, PasswordHash: hash}
	f.byEmail[u.Email] = u.ID
	return nil
}

func (f *fakeStore) UserByID(_ context.Context, id string) (*store.UserRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[id]
	if !ok {
		return nil, notFound("User")
	}
	c := *u
	return &c, nil
}

func (f *fakeStore) UserByEmail(ctx context.Context, email string) (*store.UserRecord, error) {
	f.mu.Lock()
	id, ok := f.byEmail[email]
	f.mu.Unlock()
	if !ok {
		return nil, notFound("User")
	}
	return f.UserByID(ctx, id)
}

func (f *fakeStore) UpdateUser(_ context.Context, id string, c store.UserChange, revoke bool, keep string) (*store.UserRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[id]
	if !ok {
		return nil, notFound("User")
	}
	if c.Role != nil {
		u.Role = *c.Role
	}
	if c.Active != nil {
		u.Active = *c.Active
	}
	if c.PasswordHash != nil {
		u.PasswordHash = *c.PasswordHash
	}
	if c.FullName != nil {
		u.FullName = *c.FullName
	}
	if revoke {
		f.revokeAllLocked(id, keep, f.createdAt)
	}
	out := *u
	return &out, nil
}

func (f *fakeStore) CreateSession(_ context.Context, s *store.SessionRecord, refreshHash string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.sessions[s.ID]; ok {
		return hiregate.Errorf(hiregate.ECONFLICT, "duplicate session id")
	}
	c := *s
	f.sessions[s.ID] = &c
	f.refresh[refreshHash] = &fakeRefresh{sessionID: s.ID, expires: s.ExpiresAt}
	return nil
}

func (f *fakeStore) RotateRefresh(_ context.Context, oldHash, newHash string, now, newExpiry time.Time) (*store.SessionRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rt, ok := f.refresh[oldHash]
	if !ok {
		return nil, store.ErrRefreshInvalid
	}
	s := f.sessions[rt.sessionID]
	if rt.spent {
		if s.RevokedAt == nil {
			t := now
			s.RevokedAt = &t
		}
		c := *s
		return &c, store.ErrRefreshReuse
	}
	if s.RevokedAt != nil || !rt.expires.After(now) || !s.ExpiresAt.After(now) {
		return nil, store.ErrRefreshInvalid
	}
	rt.spent = true
	f.refresh[newHash] = &fakeRefresh{sessionID: s.ID, expires: newExpiry}
	s.ExpiresAt, s.LastUsedAt = newExpiry, now
	c := *s
	return &c, nil
}

func (f *fakeStore) SessionState(_ context.Context, id string, now time.Time) (*store.SessionState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[id]
	if !ok {
		return nil, notFound("Session")
	}
	u := f.users[s.UserID]
	return &store.SessionState{
		UserID:  s.UserID,
		Role:    u.Role,
		Active:  u.Active,
		Revoked: s.RevokedAt != nil || !s.ExpiresAt.After(now),
		MFA:     u.MFA,
	}, nil
}

func (f *fakeStore) TouchSession(_ context.Context, id string, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[id]
	if !ok {
		return notFound("Session")
	}
	s.LastUsedAt = now
	f.touches++
	return nil
}

func (f *fakeStore) ListSessions(_ context.Context, userID string, now time.Time) ([]store.SessionRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []store.SessionRecord{}
	for _, s := range f.sessions {
		if s.UserID == userID && s.RevokedAt == nil && s.ExpiresAt.After(now) {
			out = append(out, *s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

func (f *fakeStore) RevokeSession(_ context.Context, userID, id string, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[id]
	if !ok || s.UserID != userID || s.RevokedAt != nil || !s.ExpiresAt.After(now) {
		return notFound("Session")
	}
	t := now
	s.RevokedAt = &t
	return nil
}

func (f *fakeStore) RevokeUserSessions(_ context.Context, userID, keep string, now time.Time) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.revokeAllLocked(userID, keep, now), nil
}

func (f *fakeStore) revokeAllLocked(userID, keep string, now time.Time) int {
	n := 0
	for _, s := range f.sessions {
		if s.UserID == userID && s.ID != keep && s.RevokedAt == nil {
			t := now
			s.RevokedAt = &t
			n++
		}
	}
	return n
}

func (f *fakeStore) ReserveAttempts(_ context.Context, limits []store.Limit, now time.Time) ([]int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	retry := 0
	for _, l := range limits {
		var in []time.Time
		for _, a := range f.attempts {
			if a.key == l.Key && a.at.After(now.Add(-l.Window)) {
				in = append(in, a.at)
			}
		}
		if len(in) < l.Max {
			continue
		}
		sort.Slice(in, func(i, j int) bool { return in[i].Before(in[j]) })
		wait := in[len(in)-l.Max].Add(l.Window).Sub(now)
		retry = max(retry, max(int((wait+time.Second-1)/time.Second), 1))
	}
	if retry > 0 {
		return nil, &hiregate.Error{Code: hiregate.ETHROTTLED, Message: hiregate.MsgTooManyAttempts, RetryAfter: retry}
	}
	var ids []int64
	for _, l := range limits {
		f.nextID++
		id := int64(f.nextID)
		f.attempts = append(f.attempts, fakeAttempt{id: id, key: l.Key, at: now})
		ids = append(ids, id)
	}
	return ids, nil
}

func (f *fakeStore) ReleaseAttempts(_ context.Context, ids []int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	drop := map[int64]bool{}
	for _, id := range ids {
		drop[id] = true
	}
	kept := f.attempts[:0]
	for _, a := range f.attempts {
		if !drop[a.id] {
			kept = append(kept, a)
		}
	}
	f.attempts = kept
	return nil
}

func (f *fakeStore) RecordAudit(_ context.Context, e *hiregate.AuditEvent) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	e.ID = fmt.Sprintf("a%d", f.nextID)
	f.audit = append(f.audit, *e)
	return nil
}

func (f *fakeStore) ListAudit(_ context.Context, flt hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []hiregate.AuditEvent
	for _, e := range slices.Backward(f.audit) {
		if (flt.Type == "" || e.Type == flt.Type) && (flt.UserID == "" || e.UserID == flt.UserID) {
			out = append(out, e)
		}
	}
	return out, "", nil
}

func (f *fakeStore) touchCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.touches
}

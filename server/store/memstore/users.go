package memstore

import (
	"context"
	"strings"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// CreateUser inserts u; ECONFLICT when the email is taken.
func (s *Store) CreateUser(_ context.Context, u *hiregate.User, hash string) error {
	if !u.Role.Valid() {
		return errBadRole
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byEmail[u.Email]; ok {
		return hiregate.Errorf(hiregate.ECONFLICT, "Email already registered")
	}
	u.ID = s.id("u")
	u.CreatedAt = s.now()
	s.users[u.ID] = &store.UserRecord{User: *u, PasswordHash: hash}
	s.byEmail[u.Email] = u.ID
	return nil
}

// UserByID returns ENOTFOUND when there is no such user.
func (s *Store) UserByID(_ context.Context, id string) (*store.UserRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	if !ok {
		return nil, notFound("User")
	}
	c := *u
	return &c, nil
}

// UserByEmail returns ENOTFOUND when there is no such user.
func (s *Store) UserByEmail(ctx context.Context, email string) (*store.UserRecord, error) {
	s.mu.Lock()
	id, ok := s.byEmail[email]
	s.mu.Unlock()
	if !ok {
		return nil, notFound("User")
	}
	return s.UserByID(ctx, id)
}

// ListUsers returns users oldest first; Q matches email and name
// case-insensitively.
func (s *Store) ListUsers(_ context.Context, f hiregate.UserFilter) ([]hiregate.User, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := strings.ToLower(strings.TrimSpace(f.Q))
	var all []hiregate.User
	for _, u := range s.users {
		if f.Role != "" && u.Role != f.Role {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(u.Email), q) && !strings.Contains(strings.ToLower(u.FullName), q) {
			continue
		}
		all = append(all, u.User)
	}
	key := func(u hiregate.User) (time.Time, string) { return u.CreatedAt, u.ID }
	sortBy(all, false, key)
	return page(all, f.Cursor, f.Limit, false, key)
}

// UpdateUser applies c and, when revoke is set, revokes the user's other
// sessions.
func (s *Store) UpdateUser(_ context.Context, id string, c store.UserChange, revoke bool, keep string) (*store.UserRecord, error) {
	if c.Role != nil && !c.Role.Valid() {
		return nil, errBadRole
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	if !ok {
		return nil, notFound("User")
	}
	c.Apply(u)
	if revoke {
		s.revokeAllLocked(id, keep, s.now())
	}
	out := *u
	return &out, nil
}

// CountUsers returns how many users exist.
func (s *Store) CountUsers(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.users), nil
}

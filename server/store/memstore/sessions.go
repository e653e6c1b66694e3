package memstore

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

// CreateSession inserts sess with its first refresh token. A zero
// CreatedAt becomes Now and a zero LastUsedAt becomes CreatedAt.
func (s *Store) CreateSession(_ context.Context, sess *store.SessionRecord, refreshHash string) error {
	if sess.ID == "" || refreshHash == "" {
		return errors.New("memstore: create session: empty id or refresh hash")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[sess.UserID]; !ok {
		return notFound("User")
	}
	if _, ok := s.sessions[sess.ID]; ok {
		return errors.New("memstore: create session: duplicate id")
	}
	if _, ok := s.refresh[refreshHash]; ok {
		return errors.New("memstore: create session: duplicate refresh hash")
	}
	if sess.CreatedAt.IsZero() {
		sess.CreatedAt = s.now()
	}
	if sess.LastUsedAt.IsZero() {
		sess.LastUsedAt = sess.CreatedAt
	}
	c := *sess
	s.sessions[sess.ID] = &c
	s.refresh[refreshHash] = &refreshToken{sessionID: sess.ID, expires: sess.ExpiresAt}
	return nil
}

// RotateRefresh spends oldHash and issues newHash; a spent token revokes
// its session.
func (s *Store) RotateRefresh(_ context.Context, oldHash, newHash string, now, newExpiry time.Time) (*store.SessionRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rt, ok := s.refresh[oldHash]
	if !ok {
		return nil, store.ErrRefreshInvalid
	}
	sess := s.sessions[rt.sessionID]
	if rt.spent {
		if sess.RevokedAt == nil {
			t := now
			sess.RevokedAt = &t
		}
		c := *sess
		return &c, store.ErrRefreshReuse
	}
	if sess.RevokedAt != nil || !rt.expires.After(now) || !sess.ExpiresAt.After(now) {
		return nil, store.ErrRefreshInvalid
	}
	rt.spent = true
	s.refresh[newHash] = &refreshToken{sessionID: sess.ID, expires: newExpiry}
	sess.ExpiresAt, sess.LastUsedAt = newExpiry, now
	c := *sess
	return &c, nil
}

// SessionState is the per-request revocation check.
func (s *Store) SessionState(_ context.Context, id string, now time.Time) (*store.SessionState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return nil, notFound("Session")
	}
	u := s.users[sess.UserID]
	return &store.SessionState{
		UserID:    sess.UserID,
		Role:      u.Role,
		Active:    u.Active,
		Revoked:   sess.RevokedAt != nil || !sess.ExpiresAt.After(now),
		ExpiresAt: sess.ExpiresAt,
		MFA:       u.MFA,
	}, nil
}

// TouchSession sets LastUsedAt; ENOTFOUND for an unknown session.
func (s *Store) TouchSession(_ context.Context, id string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return notFound("Session")
	}
	sess.LastUsedAt = now
	s.touches++
	return nil
}

// ListSessions returns the user's live sessions, newest first.
func (s *Store) ListSessions(_ context.Context, userID string, now time.Time) ([]store.SessionRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []store.SessionRecord{}
	for _, sess := range s.sessions {
		if sess.UserID == userID && sess.RevokedAt == nil && sess.ExpiresAt.After(now) {
			out = append(out, *sess)
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

// RevokeSession revokes a live session of userID.
func (s *Store) RevokeSession(_ context.Context, userID, id string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok || sess.UserID != userID || sess.RevokedAt != nil || !sess.ExpiresAt.After(now) {
		return notFound("Session")
	}
	t := now
	sess.RevokedAt = &t
	return nil
}

// RevokeUserSessions revokes every unrevoked session of userID but keep.
func (s *Store) RevokeUserSessions(_ context.Context, userID, keep string, now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.revokeAllLocked(userID, keep, now), nil
}

func (s *Store) revokeAllLocked(userID, keep string, now time.Time) int {
	n := 0
	for _, sess := range s.sessions {
		if sess.UserID == userID && sess.ID != keep && sess.RevokedAt == nil {
			t := now
			sess.RevokedAt = &t
			n++
		}
	}
	return n
}

// PruneSessions deletes sessions that expired or were revoked before
// `before`, with their refresh tokens.
func (s *Store) PruneSessions(_ context.Context, before time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, sess := range s.sessions {
		if sess.ExpiresAt.Before(before) || (sess.RevokedAt != nil && sess.RevokedAt.Before(before)) {
			delete(s.sessions, id)
			n++
		}
	}
	for hash, rt := range s.refresh {
		if _, ok := s.sessions[rt.sessionID]; !ok {
			delete(s.refresh, hash)
		}
	}
	return n, nil
}

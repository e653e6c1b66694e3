// Package drafts keeps the feedback an interviewer has started and not
// sent, in memory, per interview: leaving the form (esc, a look at the
// application) keeps it, coming back restores it. Nothing is written to
// disk: a draft may hold candid notes about a person.
package drafts

import (
	"maps"
	"sync"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Feedback is an unsent feedback form.
type Feedback struct {
	Ratings        map[string]int
	Recommendation hiregate.Recommendation
	Notes          string
}

// Empty reports whether nothing was filled in.
func (f Feedback) Empty() bool {
	return len(f.Ratings) == 0 && f.Recommendation == "" && f.Notes == ""
}

// Store holds the drafts of one signed-in user.
type Store struct {
	mu    sync.Mutex
	owner string
	m     map[string]Feedback
}

// New returns an empty store.
func New() *Store { return &Store{m: map[string]Feedback{}} }

// For makes the store the drafts of user id: another user's are dropped,
// so a shared terminal never shows one person's notes to the next.
func (s *Store) For(userID string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owner != userID {
		s.owner, s.m = userID, map[string]Feedback{}
	}
}

// Get returns the draft for interview id.
func (s *Store) Get(id string) (Feedback, bool) {
	if s == nil {
		return Feedback{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.m[id]
	f.Ratings = maps.Clone(f.Ratings)
	return f, ok
}

// Put keeps f as the draft for interview id; an empty one is dropped.
func (s *Store) Put(id string, f Feedback) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Empty() {
		delete(s.m, id)
		return
	}
	f.Ratings = maps.Clone(f.Ratings)
	s.m[id] = f
}

// Drop forgets the draft for interview id (it was sent).
func (s *Store) Drop(id string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}

// Len is how many drafts are kept.
func (s *Store) Len() int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// Has reports whether interview id has a draft.
func (s *Store) Has(id string) bool {
	_, ok := s.Get(id)
	return ok
}

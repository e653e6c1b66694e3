// Package memstore is an in-memory store for tests of the packages that
// need only accounts, sessions, throttling, audit and second factors (auth,
// and services built on it). It keeps the contract of package store for
// those five interfaces, checked by the same suite (storetest) as every real adapter.
// Jobs, applications and Atomic are not implemented: calling them panics,
// which shows a test reaching for storage its package should not need.
//
// One mutex guards everything, so every method is atomic; that is this
// fake's way of keeping the contract, not a model of how a database does.
package memstore

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Store is the in-memory store. The zero value is not usable; call New.
type Store struct {
	store.Store // nil: the parts not implemented panic

	// Now is the clock of the methods that take no time (CreateUser,
	// RecordAudit without At, CreateSession without CreatedAt, UpdateUser's
	// revocations).
	Now func() time.Time

	mu       sync.Mutex
	nextID   int64
	users    map[string]*store.UserRecord
	byEmail  map[string]string
	sessions map[string]*store.SessionRecord
	refresh  map[string]*refreshToken // by hash
	attempts []attempt
	audit    []hiregate.AuditEvent
	touches  int
	mfa      mfaState
}

type refreshToken struct {
	sessionID string
	expires   time.Time
	spent     bool
}

type attempt struct {
	id  int64
	key string
	at  time.Time
}

// New returns an empty store whose clock is now.
func New(now func() time.Time) *Store {
	return &Store{
		Now:      now,
		users:    map[string]*store.UserRecord{},
		byEmail:  map[string]string{},
		sessions: map[string]*store.SessionRecord{},
		refresh:  map[string]*refreshToken{},
		mfa:      newMFAState(),
	}
}

// Touches reports how often TouchSession succeeded, so tests can see that
// callers rate-limit it.
func (s *Store) Touches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.touches
}

// Ping always succeeds: memory is always there.
func (s *Store) Ping(context.Context) error { return nil }

// Close does nothing.
func (s *Store) Close() error { return nil }

func (s *Store) now() time.Time { return s.Now().UTC() }

// id returns a new id. Ids are zero-padded so that their order as strings
// is their creation order, as the time-ordered ids of real adapters are.
func (s *Store) id(prefix string) string {
	s.nextID++
	return fmt.Sprintf("%s%012d", prefix, s.nextID)
}

func notFound(what string) error { return hiregate.Errorf(hiregate.ENOTFOUND, "%s not found", what) }

// page cuts one page out of items, which are in list order, after the
// cursor; key returns an item's sort key. A cursor is the base64 of
// "unixnano:id", like SQLite's, and anything else is EINVALID.
func page[T any](items []T, cursor string, limit int, desc bool, key func(T) (time.Time, string)) ([]T, string, error) {
	switch {
	case limit <= 0:
		limit = hiregate.DefaultPageLimit
	case limit > hiregate.MaxPageLimit:
		limit = hiregate.MaxPageLimit
	}
	start := 0
	if cursor != "" {
		at, id, err := decodeCursor(cursor)
		if err != nil {
			return nil, "", err
		}
		start = len(items)
		for i, it := range items {
			t, iid := key(it)
			n := t.UnixNano()
			after := n > at || (n == at && iid > id)
			if desc {
				after = n < at || (n == at && iid < id)
			}
			if after {
				start = i
				break
			}
		}
	}
	out := append([]T{}, items[start:min(len(items), start+limit)]...)
	next := ""
	if start+limit < len(items) {
		t, id := key(out[len(out)-1])
		next = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixNano(), 10) + ":" + id))
	}
	return out, next, nil
}

func decodeCursor(s string) (int64, string, error) {
	bad := hiregate.ValidationError(map[string]string{"cursor": "invalid"})
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, "", bad
	}
	at, id, ok := strings.Cut(string(b), ":")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || id == "" || err != nil || n < 0 {
		return 0, "", bad
	}
	return n, id, nil
}

// sortBy orders items by (time, id), newest first when desc.
func sortBy[T any](items []T, desc bool, key func(T) (time.Time, string)) {
	sort.Slice(items, func(i, j int) bool {
		ti, ii := key(items[i])
		tj, ij := key(items[j])
		less := ti.Before(tj) || (ti.Equal(tj) && ii < ij)
		if desc {
			return ti.After(tj) || (ti.Equal(tj) && ii > ij)
		}
		return less
	})
}

var errBadRole = errors.New("memstore: invalid role")

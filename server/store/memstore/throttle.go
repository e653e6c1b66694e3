package memstore

import (
	"context"
	"sort"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ReserveAttempts records one attempt per key when every limit has room.
func (s *Store) ReserveAttempts(_ context.Context, limits []store.Limit, now time.Time) ([]int64, error) {
	for _, l := range limits {
		if err := l.Validate(); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	retry := 0
	for _, l := range limits {
		var in []time.Time
		for _, a := range s.attempts {
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
	seen := map[string]bool{}
	for _, l := range limits {
		if seen[l.Key] {
			continue
		}
		seen[l.Key] = true
		s.nextID++
		s.attempts = append(s.attempts, attempt{id: s.nextID, key: l.Key, at: now})
		ids = append(ids, s.nextID)
	}
	return ids, nil
}

// ReleaseAttempts deletes the given attempts.
func (s *Store) ReleaseAttempts(_ context.Context, ids []int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	drop := map[int64]bool{}
	for _, id := range ids {
		drop[id] = true
	}
	s.keepAttempts(func(a attempt) bool { return !drop[a.id] })
	return nil
}

// PruneAttempts deletes attempts older than before.
func (s *Store) PruneAttempts(_ context.Context, before time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keepAttempts(func(a attempt) bool { return !a.at.Before(before) })
	return nil
}

func (s *Store) keepAttempts(keep func(attempt) bool) {
	kept := s.attempts[:0]
	for _, a := range s.attempts {
		if keep(a) {
			kept = append(kept, a)
		}
	}
	s.attempts = kept
}

package memstore

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// RecordAudit inserts e, setting e.ID, and e.At to Now when zero.
func (s *Store) RecordAudit(_ context.Context, e *hiregate.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.At.IsZero() {
		e.At = s.now()
	}
	e.At = e.At.UTC()
	e.ID = s.id("a")
	s.audit = append(s.audit, *e)
	return nil
}

// ListAudit returns events newest first.
func (s *Store) ListAudit(_ context.Context, f hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []hiregate.AuditEvent
	for _, e := range s.audit {
		if (f.Type == "" || e.Type == f.Type) && (f.UserID == "" || e.UserID == f.UserID) {
			all = append(all, e)
		}
	}
	key := func(e hiregate.AuditEvent) (time.Time, string) { return e.At, e.ID }
	sortBy(all, true, key)
	return page(all, f.Cursor, f.Limit, true, key)
}

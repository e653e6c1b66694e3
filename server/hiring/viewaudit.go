package hiring

import (
	"context"
	"sync"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// viewAuditInterval is how often the ranking views' audit events are
// committed, together. A commit per ranking cost each ranking a disk sync
// (about 7 ms here) and, on SQLite, every reader's page cache; one commit
// per interval costs neither, and a crash loses at most the views of the
// last interval (a clean stop loses none).
const viewAuditInterval = 100 * time.Millisecond

// maxPendingViews bounds the events held in memory: past it (the store
// failing for a while), a ranking writes its own event before answering.
const maxPendingViews = 10_000

// viewAudit holds screening_viewed events until auditLoop commits them.
// Until Start, and after stop, a ranking writes its own event.
type viewAudit struct {
	mu      sync.Mutex
	on      bool
	pending []hiregate.AuditEvent
}

func (v *viewAudit) start() {
	v.mu.Lock()
	v.on = true
	v.mu.Unlock()
}

// recordView audits one ranking view: held for the next commit while the
// background work runs, written at once otherwise.
func (s *Service) recordView(ctx context.Context, e hiregate.AuditEvent) error {
	v := &s.views
	v.mu.Lock()
	if v.on && len(v.pending) < maxPendingViews {
		v.pending = append(v.pending, e)
		v.mu.Unlock()
		return nil
	}
	v.mu.Unlock()
	return s.st.RecordAudit(ctx, &e)
}

// auditLoop commits the held events every viewAuditInterval until ctx
// ends.
func (s *Service) auditLoop(ctx context.Context, logf func(msg string, args ...any)) {
	t := time.NewTicker(viewAuditInterval)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := s.flushViews(ctx, false)
		if err != nil && !failing && ctx.Err() == nil {
			logf("audit: screening views not recorded yet; retrying", "err", err)
		}
		failing = err != nil
	}
}

// flushViews commits the held events in one transaction; on failure they
// are held again, in order, for the next try. last ends holding: the
// events of rankings answered from now on are written by the rankings.
func (s *Service) flushViews(ctx context.Context, last bool) error {
	v := &s.views
	v.mu.Lock()
	batch := v.pending
	v.pending = nil
	if last {
		v.on = false
	}
	v.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := s.st.Atomic(ctx, func(tx store.Store) error {
		for i := range batch {
			e := batch[i]
			if err := tx.RecordAudit(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		v.mu.Lock()
		v.pending = append(batch, v.pending...)
		v.mu.Unlock()
	}
	return err
}

package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RecordAudit inserts e, setting e.ID, and e.At to db.Now() when zero.
func (db *DB) RecordAudit(ctx context.Context, e *hiregate.AuditEvent) error {
	if e.At.IsZero() {
		e.At = db.Now()
	}
	e.At = fromTS(ts(e.At))
	id := newID(e.At)
	if _, err := db.exec(ctx, `INSERT INTO audit_events (id, at, type, user_id, email, ip, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, ts(e.At), e.Type, e.UserID, e.Email, e.IP, e.Detail); err != nil {
		return fmt.Errorf("sqlite: record audit: %w", err)
	}
	e.ID = id
	return nil
}

// ListAudit returns events newest first.
func (db *DB) ListAudit(ctx context.Context, f hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error) {
	q, err := auditPage(f)
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db.read, q, scanAuditEvent, func(e hiregate.AuditEvent) (time.Time, string) { return e.At, e.ID })
}

func auditPage(f hiregate.AuditFilter) (*pageQuery, error) { return sqlstore.AuditPage(f) }

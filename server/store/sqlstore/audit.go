package sqlstore

import (
	"context"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Audit = (*DB)(nil)

const auditInsert = `INSERT INTO audit_events (id, at, type, user_id, email, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`

// RecordAudit inserts e, setting e.ID, and e.At to db.Now() when zero.
func (db *DB) RecordAudit(ctx context.Context, e *hiregate.AuditEvent) error {
	if e.At.IsZero() {
		e.At = db.Now()
	}
	e.At = FromTS(TS(e.At))
	id := NewID(e.At)
	err := db.e.Step(ctx, func(q Q) error {
		_, err := q.Exec(ctx, auditInsert, id, TS(e.At), e.Type, e.UserID, e.Email, e.IP, e.Detail)
		return err
	})
	if err != nil {
		return db.errorf("record audit", err)
	}
	e.ID = id
	return nil
}

// ListAudit returns events newest first.
func (db *DB) ListAudit(ctx context.Context, f hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error) {
	q, err := AuditPage(f)
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db, db.e.Read(), q, ScanAuditEvent, AuditKey)
}

// AuditPage is the page query of ListAudit.
func AuditPage(f hiregate.AuditFilter) (*PageQuery, error) {
	q, err := NewPageQuery("list audit", AuditSelect, AuditNewest, f.Cursor, f.Limit)
	if err != nil {
		return nil, err
	}
	if f.UserID != "" {
		q.Where(`user_id = ?`, f.UserID)
	}
	if f.Type != "" {
		q.Where(`type = ?`, f.Type)
	}
	return q, nil
}

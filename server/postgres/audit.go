package postgres

import (
	"context"
	"fmt"

	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// RecordAudit inserts e, setting e.ID, and e.At to db.Now() when zero.
func (db *DB) RecordAudit(ctx context.Context, e *hiregate.AuditEvent) error {
	if e.At.IsZero() {
		e.At = db.Now()
	}
	e.At = sqlstore.FromTS(sqlstore.TS(e.At))
	id := sqlstore.NewID(e.At)
	err := db.step(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO audit_events (id, at, type, user_id, email, ip, detail)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, sqlstore.TS(e.At), e.Type, e.UserID, e.Email, e.IP, e.Detail)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: record audit: %w", err)
	}
	e.ID = id
	return nil
}

// ListAudit returns events newest first.
func (db *DB) ListAudit(ctx context.Context, f hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error) {
	q, err := sqlstore.AuditPage(f)
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, db.q, q, sqlstore.ScanAuditEvent, sqlstore.AuditKey)
}

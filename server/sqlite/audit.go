package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// RecordAudit inserts e, setting e.ID, and e.At to db.Now() when zero.
func (db *DB) RecordAudit(ctx context.Context, e *hiregate.AuditEvent) error {
	if e.At.IsZero() {
		e.At = db.Now()
	}
	e.At = fromTS(ts(e.At))
	id := newID(e.At)
	if _, err := db.write.ExecContext(ctx, `INSERT INTO audit_events (id, at, type, user_id, email, ip, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, ts(e.At), e.Type, e.UserID, e.Email, e.IP, e.Detail); err != nil {
		return fmt.Errorf("sqlite: record audit: %w", err)
	}
	e.ID = id
	return nil
}

// ListAudit returns events newest first.
func (db *DB) ListAudit(ctx context.Context, f hiregate.AuditFilter) ([]hiregate.AuditEvent, string, error) {
	cur, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(f.Limit)
	var where []string
	var args []any
	if f.UserID != "" {
		where = append(where, `user_id = ?`)
		args = append(args, f.UserID)
	}
	if f.Type != "" {
		where = append(where, `type = ?`)
		args = append(args, f.Type)
	}
	if cur != nil {
		where = append(where, `(at, id) < (?, ?)`)
		args = append(args, cur.at, cur.id)
	}
	query := `SELECT id, at, type, user_id, email, ip, detail FROM audit_events`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY at DESC, id DESC LIMIT ?`
	args = append(args, limit+1)

	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: list audit: %w", err)
	}
	defer rows.Close()
	events := []hiregate.AuditEvent{}
	for rows.Next() {
		var e hiregate.AuditEvent
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Type, &e.UserID, &e.Email, &e.IP, &e.Detail); err != nil {
			return nil, "", fmt.Errorf("sqlite: list audit: %w", err)
		}
		e.At = fromTS(at)
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlite: list audit: %w", err)
	}
	var next string
	if len(events) > limit {
		events = events[:limit]
		last := events[limit-1]
		next = encodeCursor(last.At, last.ID)
	}
	return events, next, nil
}

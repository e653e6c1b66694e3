package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// What this adapter shares with the PostgreSQL one (sqlstore), under the
// names the rest of the package uses.
type (
	rowScanner = sqlstore.Scanner
	pageQuery  = sqlstore.PageQuery
)

var (
	ts       = sqlstore.TS
	fromTS   = sqlstore.FromTS
	newID    = sqlstore.NewID
	notFound = sqlstore.NotFound

	userColumns       = sqlstore.UserColumns
	jobSelect         = sqlstore.JobSelect
	applicationSelect = sqlstore.ApplicationSelect

	scanUser            = sqlstore.ScanUser
	scanUserItem        = sqlstore.ScanUserItem
	scanJob             = sqlstore.ScanJob
	scanApplication     = sqlstore.ScanApplication
	scanApplicationItem = sqlstore.ScanApplicationItem
	scanNote            = sqlstore.ScanNote
	scanAuditEvent      = sqlstore.ScanAuditEvent
)

// readPage runs q on db and returns the page (never nil) with the cursor
// of the next page, "" on the last. scan reads one row; key returns the
// row's sort key as stored in the columns q's sort key names.
func readPage[T any](ctx context.Context, db querier, q *pageQuery,
	scan func(rowScanner) (T, error), key func(T) (time.Time, string)) ([]T, string, error) {
	query, args := q.SQL()
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: %s: %w", q.Op, err)
	}
	defer rows.Close()
	page, next, err := sqlstore.ReadPage(rows, q, scan, key)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: %s: %w", q.Op, err)
	}
	return page, next, nil
}

func nullable[T any](p *T) any { return sqlstore.Nullable(p) }

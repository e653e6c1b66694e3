package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// rowScanner is what scan functions read from: a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(...any) error }

// sortKey is the (time, id) pair a list is ordered by. Every list has an
// index ending in these two columns, so a page is one index range scan
// that stops after limit+1 rows, however deep into the list it starts.
type sortKey struct {
	at, id string // qualified column names, e.g. "j.created_at", "j.id"
	desc   bool   // newest first
}

var (
	applicationsNewest = sortKey{at: "a.created_at", id: "a.id", desc: true}
	auditNewest        = sortKey{at: "at", id: "id", desc: true}
	jobsNewest         = sortKey{at: "j.created_at", id: "j.id", desc: true}
	notesOldest        = sortKey{at: "n.created_at", id: "n.id"}
	usersOldest        = sortKey{at: "created_at", id: "id"}
)

// pageQuery is the query for one page of a list, read by keyset
// pagination: the cursor holds the sort key of the previous page's last
// row, and one row more than the page is fetched to learn whether another
// page follows. A list states only its SELECT, its filters and its row
// scanner; readPage does the rest.
type pageQuery struct {
	op     string // names the list in errors, e.g. "list jobs"
	from   string // SELECT ... FROM ... [JOIN ...], without WHERE
	key    sortKey
	after  *cursor // nil on the first page
	limit  int
	filter []string
	args   []any
}

// newPageQuery decodes the cursor first, so a bad one is EINVALID before
// any other work is done.
func newPageQuery(op, from string, key sortKey, cursor string, limit int) (*pageQuery, error) {
	after, err := decodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	return &pageQuery{op: op, from: from, key: key, after: after, limit: pageLimit(limit)}, nil
}

// where adds a condition, ANDed with the others, and its arguments.
func (q *pageQuery) where(cond string, args ...any) {
	q.filter = append(q.filter, cond)
	q.args = append(q.args, args...)
}

// sql returns the statement and its arguments. The cursor condition is a
// row-value comparison, which SQLite turns into a range on the sort index.
// q is left as it is, so sql can be called again.
func (q *pageQuery) sql() (string, []any) {
	conds, args := q.filter, q.args[:len(q.args):len(q.args)]
	cmp, dir := ">", ""
	if q.key.desc {
		cmp, dir = "<", " DESC"
	}
	if q.after != nil {
		conds = append(conds[:len(conds):len(conds)], `(`+q.key.at+`, `+q.key.id+`) `+cmp+` (?, ?)`)
		args = append(args, q.after.at, q.after.id)
	}
	var where string
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return q.from + where + ` ORDER BY ` + q.key.at + dir + `, ` + q.key.id + dir + ` LIMIT ?`, append(args, q.limit+1)
}

// readPage runs q on db and returns the page (never nil) with the cursor
// of the next page, "" on the last. scan reads one row; key returns the
// row's sort key as stored in the columns q.key names.
func readPage[T any](ctx context.Context, db querier, q *pageQuery,
	scan func(rowScanner) (T, error), key func(T) (time.Time, string)) ([]T, string, error) {
	query, args := q.sql()
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: %s: %w", q.op, err)
	}
	defer rows.Close()
	items := []T{}
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: %s: %w", q.op, err)
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlite: %s: %w", q.op, err)
	}
	var next string
	if len(items) > q.limit {
		items = items[:q.limit]
		next = encodeCursor(key(items[q.limit-1]))
	}
	return items, next, nil
}

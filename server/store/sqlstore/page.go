package sqlstore

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// PageLimit applies the default and the maximum page size.
func PageLimit(n int) int {
	switch {
	case n <= 0:
		return hiregate.DefaultPageLimit
	case n > hiregate.MaxPageLimit:
		return hiregate.MaxPageLimit
	}
	return n
}

// Cursor is the sort key of the last row of a page.
type Cursor struct {
	At int64 // TS of the row's time
	ID string
}

// EncodeCursor returns the opaque cursor of a row sorted by (at, id).
func EncodeCursor(at time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(TS(at), 10) + ":" + id))
}

// DecodeCursor returns nil for "", and EINVALID for anything EncodeCursor
// did not produce.
func DecodeCursor(s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, badCursor()
	}
	at, id, ok := strings.Cut(string(b), ":")
	if !ok || id == "" {
		return nil, badCursor()
	}
	n, err := strconv.ParseInt(at, 10, 64)
	if err != nil || n < 0 {
		return nil, badCursor()
	}
	return &Cursor{At: n, ID: id}, nil
}

// badCursor returns a fresh error so that no caller can alter a shared one.
func badCursor() error {
	return hiregate.ValidationError(map[string]string{"cursor": "invalid"})
}

// SortKey is the (time, id) pair a list is ordered by. Every list has an
// index ending in these two columns, so a page is one index range scan
// that stops after limit+1 rows, however deep into the list it starts.
type SortKey struct {
	At, ID string // qualified column names, e.g. "j.created_at", "j.id"
	Desc   bool   // newest first
}

// The orders of the lists.
var (
	ApplicationsNewest = SortKey{At: "a.created_at", ID: "a.id", Desc: true}
	AuditNewest        = SortKey{At: "at", ID: "id", Desc: true}
	JobsNewest         = SortKey{At: "j.created_at", ID: "j.id", Desc: true}
	NotesOldest        = SortKey{At: "n.created_at", ID: "n.id"}
	UsersOldest        = SortKey{At: "created_at", ID: "id"}
)

// PageQuery is the query for one page of a list, read by keyset
// pagination: the cursor holds the sort key of the previous page's last
// row, and one row more than the page is fetched to learn whether another
// page follows (see Trim). Placeholders are written '?'; an engine that
// numbers them rewrites the statement.
type PageQuery struct {
	Op     string // names the list in errors, e.g. "list jobs"
	Limit  int
	from   string // SELECT ... FROM ... [JOIN ...], without WHERE
	key    SortKey
	after  *Cursor // nil on the first page
	filter []string
	args   []any
}

// NewPageQuery decodes the cursor first, so a bad one is EINVALID before
// any other work is done.
func NewPageQuery(op, from string, key SortKey, cursor string, limit int) (*PageQuery, error) {
	after, err := DecodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	return &PageQuery{Op: op, from: from, key: key, after: after, Limit: PageLimit(limit)}, nil
}

// Where adds a condition, ANDed with the others, and its arguments.
func (q *PageQuery) Where(cond string, args ...any) {
	q.filter = append(q.filter, cond)
	q.args = append(q.args, args...)
}

// SQL returns the statement and its arguments. The cursor condition is a
// row-value comparison, which both engines turn into a range on the sort
// index. q is left as it is, so SQL can be called again.
func (q *PageQuery) SQL() (string, []any) {
	conds, args := q.filter, q.args[:len(q.args):len(q.args)]
	cmp, dir := ">", ""
	if q.key.Desc {
		cmp, dir = "<", " DESC"
	}
	if q.after != nil {
		conds = append(conds[:len(conds):len(conds)], `(`+q.key.At+`, `+q.key.ID+`) `+cmp+` (?, ?)`)
		args = append(args, q.after.At, q.after.ID)
	}
	var where string
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return q.from + where + ` ORDER BY ` + q.key.At + dir + `, ` + q.key.ID + dir + ` LIMIT ?`, append(args, q.Limit+1)
}

// Trim cuts the limit+1 rows SQL asked for down to the page and returns
// the cursor of the next page, "" on the last. key returns a row's sort
// key. items is never nil in the result.
func Trim[T any](q *PageQuery, items []T, key func(T) (time.Time, string)) ([]T, string) {
	if items == nil {
		items = []T{}
	}
	if len(items) <= q.Limit {
		return items, ""
	}
	items = items[:q.Limit]
	return items, EncodeCursor(key(items[q.Limit-1]))
}

// Key is the order q reads in.
func (q *PageQuery) Key() SortKey { return q.key }

package sqlstore

import (
	"database/sql"
	"strings"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// CheckArgs is every engine's guard for text that reached the store
// although the HTTP layer refuses it (a NUL or invalid UTF-8: not
// hiregate.ValidText), so that both engines answer alike instead of
// PostgreSQL failing the statement and SQLite storing it. Each engine's Q
// calls it before running a statement: a lookup (a SELECT) by such text
// finds nothing (sql.ErrNoRows, which the methods turn into ENOTFOUND); any
// other statement is refused with EINVALID and writes nothing. Byte slices
// (stored profiles) are binary and not checked.
func CheckArgs(query string, args []any) error {
	for _, a := range args {
		ok := true
		switch v := a.(type) {
		case string:
			ok = hiregate.ValidText(v)
		case *string:
			ok = v == nil || hiregate.ValidText(*v)
		case []string:
			for _, s := range v {
				ok = ok && hiregate.ValidText(s)
			}
		}
		if !ok {
			if isLookup(query) {
				return sql.ErrNoRows
			}
			return hiregate.ValidationError(map[string]string{"text": hiregate.TextProblem})
		}
	}
	return nil
}

// isLookup reports whether query only reads.
func isLookup(query string) bool {
	q := strings.TrimSpace(query)
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

// ErrRow is a row whose Scan returns its error: what QueryRow gives for a
// statement CheckArgs refused.
type ErrRow struct{ Err error }

// Scan returns the error.
func (r ErrRow) Scan(...any) error { return r.Err }

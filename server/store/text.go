package store

import "github.com/hiregate/hiregate/shared/hiregate"

// CheckText is every adapter's guard for text that reached it although the
// HTTP layer refuses it (a NUL or invalid UTF-8: not hiregate.ValidText),
// so that both engines answer alike instead of PostgreSQL failing the
// statement and SQLite storing it. A write calls it on its text arguments
// and returns the error (EINVALID naming field); a lookup by such text
// (an id, an email) finds nothing (ENOTFOUND) without asking the database.
func CheckText(field string, values ...string) error {
	for _, v := range values {
		if !hiregate.ValidText(v) {
			return hiregate.ValidationError(map[string]string{field: hiregate.TextProblem})
		}
	}
	return nil
}

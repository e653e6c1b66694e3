package sqlite

import (
	"strings"

	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// ftsQuery turns what a user typed into an FTS5 query that cannot be a
// syntax error: every word is a quoted string (so AND, OR, NEAR, column
// filters, '*' and '"' are text, not operators), words must all match, and
// the last one matches as a prefix so results follow the user's typing.
// It returns "" when the input holds no word at all.
//
// Words are split where the unicode61 tokenizer splits them (anything but
// letters, digits and marks), so each quoted string is one token.
func ftsQuery(q string) string {
	words := sqlstore.SearchWords(q)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(w, `"`, `""`))
		b.WriteByte('"')
	}
	if len(words) > 0 {
		b.WriteByte('*')
	}
	return b.String()
}

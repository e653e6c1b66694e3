package sqlite

import (
	"strings"
	"unicode"
)

// maxSearchTerms bounds the work one query can ask of the full-text index.
const maxSearchTerms = 16

// ftsQuery turns what a user typed into an FTS5 query that cannot be a
// syntax error: every word is a quoted string (so AND, OR, NEAR, column
// filters, '*' and '"' are text, not operators), words must all match, and
// the last one matches as a prefix so results follow the user's typing.
// It returns "" when the input holds no word at all.
//
// Words are split where the unicode61 tokenizer splits them (anything but
// letters, digits and marks), so each quoted string is one token.
func ftsQuery(q string) string {
	words := strings.FieldsFunc(q, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) && !unicode.Is(unicode.Co, r)
	})
	if len(words) > maxSearchTerms {
		words = words[:maxSearchTerms]
	}
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

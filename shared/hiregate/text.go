package hiregate

import (
	"strings"
	"unicode/utf8"
)

// ValidText reports whether s is text every storage engine keeps as
// given: valid UTF-8 without a NUL character (PostgreSQL's text type
// refuses both; SQLite would store them and hand them back to clients).
// The HTTP layer refuses other input at the edge, and a store refuses it
// again (store.CheckText), so both engines answer alike.
func ValidText(s string) bool {
	return strings.IndexByte(s, 0) < 0 && utf8.ValidString(s)
}

// TextProblem is the fields message for a value that is not ValidText.
const TextProblem = "must be valid UTF-8 without NUL characters"

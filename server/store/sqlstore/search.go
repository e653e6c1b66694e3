package sqlstore

import (
	"strings"
	"unicode"
)

// MaxSearchTerms bounds the work one query can ask of a full-text index.
const MaxSearchTerms = 16

// SearchWords splits what a user typed into the words a search must all
// match (the last one as a prefix, so results follow the typing). Words
// are split where SQLite's unicode61 tokenizer splits them (anything but
// letters, digits, marks and private-use characters), so every engine
// sees the same words. At most MaxSearchTerms are kept.
func SearchWords(q string) []string {
	words := strings.FieldsFunc(q, notWordRune)
	if len(words) > MaxSearchTerms {
		words = words[:MaxSearchTerms]
	}
	return words
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) && !unicode.Is(unicode.Co, r)
}

// SplitWords splits a document (a job's title, description and location)
// into words by the same rule as SearchWords, without a limit.
func SplitWords(s string) []string { return strings.FieldsFunc(s, notWordRune) }

package sqlstore

import (
	"context"
	"fmt"
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

// FewMatchesMax is where sorting the matches of a search starts to cost
// more than walking the jobs newest first and skipping the ones that do
// not match, on both engines.
const FewMatchesMax = 400

// FewMatches reads the single column of query's rows when there are at
// most max of them, and reports few = false (with no values) when there
// are more: a search picks its plan by how many jobs match. query ends in
// "LIMIT ?", which FewMatches sets to max+1 after args; op names it in
// errors.
func FewMatches[T any](ctx context.Context, r Q, op string, max int, query string, args ...any) (vals []T, few bool, err error) {
	rows, err := r.Query(ctx, query, append(args, max+1)...)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	vals, err = Collect(rows, func(row Scanner) (v T, err error) { return v, row.Scan(&v) })
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", op, err)
	}
	if len(vals) > max {
		return nil, false, nil
	}
	return vals, true, nil
}

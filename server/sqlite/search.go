package sqlite

import (
	"context"
	"strings"

	"github.com/hiregate/hiregate/server/store/sqlstore"
)

// MatchJobs searches the FTS5 table jobs_fts, which triggers keep in step
// with jobs.
func (e engine) MatchJobs(ctx context.Context, r sqlstore.Q, q *sqlstore.PageQuery, text string) (bool, error) {
	match := ftsQuery(text)
	if match == "" {
		return false, nil
	}
	seqs, few, err := sqlstore.FewMatches[int64](ctx, r, "sqlite: search", sqlstore.FewMatchesMax,
		`SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? LIMIT ?`, match)
	switch {
	case err != nil:
		return false, err
	case few && len(seqs) == 0:
		return true, nil
	case few:
		// Looking each match up and sorting them is cheapest.
		in, args := sqlstore.In(e, `j.seq`, seqs)
		q.Where(in, args...)
	default:
		// Looking up and sorting thousands of matches costs ~100ms at
		// 100k jobs. The unary + stops SQLite from doing so: it walks the
		// (filter, created_at, id) index newest first instead, checks
		// each row against the set of matches and stops once the page is
		// full, which with many matches is soon.
		q.Where(`+j.seq IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)`, match)
	}
	return false, nil
}

func (engine) JobSearchColumn() (string, string) { return "", "" }

func (engine) JobSearchArg(string, string, string) any { return nil }

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

// Package screening scores a job's applicants: skills found in the resume
// and cover letter (a built-in, importable skill list with aliases,
// matched as whole words) and the job's own words, into a 0–100 score
// that depends on the job and the one application only (docs/SCREENING.md
// has the formula). Such a score can be stored when the application is
// written and ranked by an index, and reads the same under any filter,
// page or order.
//
// The text part keeps BM25's term-frequency saturation (k1 = 1.2) but not
// its IDF or length normalisation, which would tie a score to the other
// applicants.
package screening

import (
	"sort"
	"strings"
	"unicode"
)

// k1 is BM25's term-frequency saturation, the usual default from the
// literature (Robertson & Zaragoza, "The Probabilistic Relevance
// Framework: BM25 and Beyond").
const k1 = 1.2

// MaxQueryTerms is how many of the job's terms take part, the strongest
// first: a 20,000-character description would otherwise make every query
// hundreds of lookups for words that barely describe the job.
const MaxQueryTerms = 32

// maxTermWeight caps a term's weight in the query.
const maxTermWeight = 6

// stopwords are English function words and job-ad filler that say nothing
// about a candidate's fit.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after all also am an and any are as at be because been
		before being below between both but by can could did do does doing down during each etc few for from
		further had has have having he her here hers him his how i if in into is it its itself just me more
		most my no nor not now of off on once only or other our ours out over own per same she should so some
		such than that the their theirs them then there these they this those through to too under until up
		us very via was we were what when where which while who whom why will with within without would you
		your yours ability able including like looking must new plus strong well work working years year`) {
		m[w] = true
	}
	return m
}()

// tokens calls fn for each term of s: lower-cased runs of letters and
// digits, keeping a trailing + or # (c++, c#), without stopwords, numbers
// and one-letter words.
func tokens(s string, fn func(string)) {
	var buf []rune
	flush := func() {
		defer func() { buf = buf[:0] }()
		if len(buf) == 0 {
			return
		}
		sym := buf[len(buf)-1] == '+' || buf[len(buf)-1] == '#'
		if len(buf) < 2 && !sym {
			return
		}
		digits := true
		for _, r := range buf {
			if !unicode.IsDigit(r) {
				digits = false
				break
			}
		}
		if digits {
			return
		}
		t := string(buf)
		if !stopwords[t] {
			fn(t)
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if len(buf) > 0 && (buf[len(buf)-1] == '+' || buf[len(buf)-1] == '#') {
				flush()
			}
			buf = append(buf, unicode.ToLower(r))
		case (r == '+' || r == '#') && len(buf) > 0 && len(buf) < 16:
			buf = append(buf, r)
		default:
			flush()
		}
	}
	flush()
}

// Query is a job's terms with their weights.
type Query struct {
	terms []queryTerm
}

type queryTerm struct {
	term   string
	weight float64
}

// NewQuery returns the query for a job: the terms of its title (weighing
// three times) and description, the MaxQueryTerms strongest.
func NewQuery(title, description string) Query {
	w := map[string]int{}
	tokens(title, func(t string) { w[t] += 3 })
	tokens(description, func(t string) { w[t]++ })
	terms := make([]queryTerm, 0, len(w))
	for t, n := range w {
		terms = append(terms, queryTerm{term: t, weight: float64(min(n, maxTermWeight))})
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].weight != terms[j].weight {
			return terms[i].weight > terms[j].weight
		}
		return terms[i].term < terms[j].term
	})
	if len(terms) > MaxQueryTerms {
		terms = terms[:MaxQueryTerms]
	}
	return Query{terms: terms}
}

// Terms lists the query's terms, strongest first.
func (q Query) Terms() []string {
	out := make([]string, len(q.terms))
	for i, t := range q.terms {
		out[i] = t.term
	}
	return out
}

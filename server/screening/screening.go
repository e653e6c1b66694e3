// Package screening ranks a job's applicants by how well their resume and
// cover letter match the job's title and description, with a 0–100 score
// and the job's terms each one matched, strongest first.
//
// Why our own scorer rather than the database's full-text engine: SQLite's
// FTS5 bm25() takes its corpus statistics from the whole table (every
// application to every job) and PostgreSQL's ts_rank is not BM25 at all, so
// the two stores would rank the same applicants differently, and neither
// says which terms matched. This package is Okapi BM25 (k1 = 1.2, b = 0.75),
// the standard lexical ranking function, computed the same way whatever
// the store, over the one corpus that matters: the applicants to this job.
//
//   - A term's weight in the query is how often the job names it, its title
//     counting three times, capped so one repeated word cannot dominate.
//   - IDF comes from the applicant pool: a term every applicant has does not
//     separate them, a rarer one does.
//   - Term frequency saturates (the tenth "Go" adds little) and long
//     documents are normalised to the pool's average length, so padding a
//     resume with keywords buys little.
//   - The score is BM25 divided by the best BM25 this query can give (every
//     term present, saturated): 0 matches nothing, 100 is approached by a
//     document that names every term of the job often.
//
// Everything is deterministic: the same job and the same applications give
// the same scores and order (ties keep the order the caller gave, which is
// arrival order).
//
// Text is analysed once, when it is written: Analyze turns it into a
// Profile (sorted 64-bit term hashes with their counts) that the store
// keeps, so ranking 10,000 applicants reads profiles and never re-tokenises
// resumes.
package screening

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// BM25 parameters: the usual defaults from the literature (Robertson &
// Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond").
const (
	k1 = 1.2
	b  = 0.75
)

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

func hash(term string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(term))
	return h.Sum64()
}

// Profile is a document analysed for ranking: its length in terms and,
// sorted by hash, each distinct term's hash and count. Its bytes are what
// the store keeps.
type Profile []byte

const (
	profileVersion = 1
	headerLen      = 5  // version byte, uint32 length
	entryLen       = 10 // uint64 hash, uint16 count
)

// Analyze returns the profile of the given texts (resume and cover letter)
// taken together.
func Analyze(texts ...string) Profile {
	counts := map[uint64]int{}
	n := 0
	for _, t := range texts {
		tokens(t, func(tok string) {
			counts[hash(tok)]++
			n++
		})
	}
	hashes := make([]uint64, 0, len(counts))
	for h := range counts {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	p := make(Profile, headerLen, headerLen+entryLen*len(hashes))
	p[0] = profileVersion
	binary.BigEndian.PutUint32(p[1:], uint32(min(n, math.MaxUint32)))
	for _, h := range hashes {
		p = binary.BigEndian.AppendUint64(p, h)
		p = binary.BigEndian.AppendUint16(p, uint16(min(counts[h], math.MaxUint16)))
	}
	return p
}

// ErrBadProfile is returned by Check for bytes Analyze did not produce.
var ErrBadProfile = errors.New("screening: malformed profile")

// Check reports whether p is a well-formed profile.
func (p Profile) Check() error {
	if len(p) < headerLen || p[0] != profileVersion || (len(p)-headerLen)%entryLen != 0 {
		return ErrBadProfile
	}
	return nil
}

// Len is the document's length in terms.
func (p Profile) Len() int {
	if p.Check() != nil {
		return 0
	}
	return int(binary.BigEndian.Uint32(p[1:]))
}

// counts sets row[t] to how often query term t occurs in p, walking p's
// entries and the query's terms (byHash: term indexes in hash order)
// together, as both are sorted by hash.
func (p Profile) counts(q Query, byHash []int, row []int) {
	e := p[headerLen:]
	for _, t := range byHash {
		h := q.terms[t].hash
		for len(e) >= entryLen && binary.BigEndian.Uint64(e) < h {
			e = e[entryLen:]
		}
		if len(e) < entryLen {
			return
		}
		if binary.BigEndian.Uint64(e) == h {
			row[t] = int(binary.BigEndian.Uint16(e[8:]))
		}
	}
}

// Query is a job's terms with their weights.
type Query struct {
	terms []queryTerm
}

type queryTerm struct {
	term   string
	hash   uint64
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
		terms = append(terms, queryTerm{term: t, hash: hash(t), weight: float64(min(n, maxTermWeight))})
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

// Result is one document's match.
type Result struct {
	// Index is the document's position in the slice given to Rank.
	Index int
	// Score is 0–100.
	Score int
	// Terms are the query's terms the document contains, the one that
	// adds most to its score first.
	Terms []string

	raw float64
}

// Rank scores every profile against q and returns them best first. Equal
// scores keep the order of profiles (callers pass arrival order). A
// malformed profile scores 0.
func Rank(q Query, profiles []Profile) []Result {
	n := len(profiles)
	out := make([]Result, n)
	if n == 0 {
		return out
	}
	// One pass collects every count: counts[d*len(terms)+t], merging
	// each profile's sorted hashes with the query's.
	nt := len(q.terms)
	counts := make([]int, n*nt)
	df := make([]int, nt)
	byHash := make([]int, nt) // term indexes in hash order
	for i := range byHash {
		byHash[i] = i
	}
	sort.Slice(byHash, func(i, j int) bool { return q.terms[byHash[i]].hash < q.terms[byHash[j]].hash })
	total := 0
	for d, p := range profiles {
		if p.Check() != nil {
			continue
		}
		total += p.Len()
		row := counts[d*nt : (d+1)*nt]
		p.counts(q, byHash, row)
		for t, c := range row {
			if c > 0 {
				df[t]++
			}
		}
	}
	avgdl := float64(total) / float64(n)
	if avgdl == 0 {
		avgdl = 1
	}
	idf := make([]float64, nt)
	best := 0.0
	for t, qt := range q.terms {
		idf[t] = math.Log(1 + (float64(n-df[t])+0.5)/(float64(df[t])+0.5))
		best += qt.weight * idf[t] * (k1 + 1)
	}
	contrib := make([]float64, nt)
	for d, p := range profiles {
		r := Result{Index: d}
		norm := k1 * (1 - b + b*float64(p.Len())/avgdl)
		var matched []int
		for t, qt := range q.terms {
			f := float64(counts[d*nt+t])
			if f == 0 {
				continue
			}
			contrib[t] = qt.weight * idf[t] * f * (k1 + 1) / (f + norm)
			r.raw += contrib[t]
			matched = append(matched, t)
		}
		sort.SliceStable(matched, func(i, j int) bool {
			ci, cj := contrib[matched[i]], contrib[matched[j]]
			if ci != cj {
				return ci > cj
			}
			return q.terms[matched[i]].term < q.terms[matched[j]].term
		})
		r.Terms = make([]string, len(matched))
		for i, t := range matched {
			r.Terms[i] = q.terms[t].term
		}
		if best > 0 {
			r.Score = int(math.Round(100 * r.raw / best))
		}
		out[d] = r
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].raw > out[j].raw })
	return out
}

package screening

import (
	"math"
	"sort"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// The score's weights (docs/SCREENING.md): required skills count three
// times the nice-to-have ones and the text, and a part the job does not
// have (no required skills, no nice ones, no words) drops out.
const (
	WeightRequired = 60
	WeightNice     = 20
	WeightText     = 20
	// Saturation is BM25's k1: a term found f times counts f/(f+k1) of
	// its weight, so the second mention adds less than the first and the
	// tenth almost nothing.
	Saturation = k1
)

// Spec is what a job scores applications with: its words (NewQuery) and
// its required and nice-to-have skills with their aliases.
//
// A score depends on the job and the one application only, never on the
// other applicants, on a filter, page or order: so it can be stored when
// the application is written and read back ranked by an index.
type Spec struct {
	query    Query
	required []hiregate.Skill
	nice     []hiregate.Skill
	matcher  *Matcher
}

// NewSpec returns the scoring spec of a job.
func NewSpec(title, description string, required, nice []hiregate.Skill) *Spec {
	all := append(append([]hiregate.Skill{}, required...), nice...)
	return &Spec{query: NewQuery(title, description), required: required, nice: nice, matcher: NewMatcher(all)}
}

// Scored is one application's score with its explanation.
type Scored struct {
	Score   int                   `json:"-"`
	Terms   []string              `json:"terms"`
	Skills  []hiregate.SkillFound `json:"skills"`
	Missing []string              `json:"missing"`
}

// Score scores an application's resume and cover letter:
//
//	R = required skills found / required skills
//	N = nice-to-have skills found / nice-to-have skills
//	T = Σ w·f/(f+1.2) / Σ w over the job's terms (w: the term's weight,
//	    f: how often the application names it)
//	score = round(100 · (60·R + 20·N + 20·T) / (the weights of the parts
//	        the job has))
func (s *Spec) Score(resume, cover string) Scored {
	out := Scored{Terms: []string{}, Skills: s.matcher.Find(resume, cover), Missing: []string{}}
	has := map[string]bool{}
	for _, f := range out.Skills {
		has[f.Name] = true
	}
	reqFound, niceFound := 0, 0
	for _, r := range s.required {
		if has[r.Name] {
			reqFound++
		} else {
			out.Missing = append(out.Missing, r.Name)
		}
	}
	for _, n := range s.nice {
		if has[n.Name] {
			niceFound++
		}
	}
	var sum, total float64
	if len(s.required) > 0 {
		sum += WeightRequired * float64(reqFound) / float64(len(s.required))
		total += WeightRequired
	}
	if len(s.nice) > 0 {
		sum += WeightNice * float64(niceFound) / float64(len(s.nice))
		total += WeightNice
	}
	if t, terms := s.text(resume, cover); len(s.query.terms) > 0 {
		sum += WeightText * t
		total += WeightText
		out.Terms = terms
	}
	if total > 0 {
		out.Score = int(math.Round(100 * sum / total))
	}
	return out
}

// text is T of the formula and the terms found, the one adding most
// first.
func (s *Spec) text(texts ...string) (float64, []string) {
	idx := make(map[string]int, len(s.query.terms))
	for i, t := range s.query.terms {
		idx[t.term] = i
	}
	f := make([]int, len(s.query.terms))
	for _, t := range texts {
		tokens(t, func(tok string) {
			if i, ok := idx[tok]; ok {
				f[i]++
			}
		})
	}
	var sum, total float64
	contrib := make([]float64, len(f))
	var found []int
	for i, t := range s.query.terms {
		total += t.weight
		if f[i] > 0 {
			contrib[i] = t.weight * float64(f[i]) / (float64(f[i]) + Saturation)
			sum += contrib[i]
			found = append(found, i)
		}
	}
	sort.SliceStable(found, func(a, b int) bool {
		if contrib[found[a]] != contrib[found[b]] {
			return contrib[found[a]] > contrib[found[b]]
		}
		return s.query.terms[found[a]].term < s.query.terms[found[b]].term
	})
	terms := make([]string, len(found))
	for i, t := range found {
		terms[i] = s.query.terms[t].term
	}
	if total == 0 {
		return 0, terms
	}
	return sum / total, terms
}

package screening_test

import (
	"reflect"
	"testing"

	"github.com/hiregate/hiregate/server/screening"
)

const (
	jobTitle = "Senior Go Engineer"
	jobDesc  = "We build our platform in Go on PostgreSQL and Kubernetes, with gRPC between services. " +
		"Experience with PostgreSQL tuning is a plus."
)

// The fixture's right order is obvious: the resume that names every skill
// of the job, then the one naming two, then the one naming none (a tie with
// the empty one, broken by arrival order).
func TestRankOrder(t *testing.T) {
	docs := []struct{ name, resume, cover string }{
		{"java", "Java and Spring developer, Oracle DBA.", "I like coffee."},
		{"half", "Go developer. PostgreSQL.", ""},
		{"empty", "", ""},
		{"full", "Go engineer: Kubernetes operators, gRPC services, PostgreSQL query tuning.", "Senior engineer, Go since 2015."},
	}
	profiles := make([]screening.Profile, len(docs))
	for i, d := range docs {
		profiles[i] = screening.Analyze(d.resume, d.cover)
	}
	got := screening.Rank(screening.NewQuery(jobTitle, jobDesc), profiles)
	var order []string
	for _, r := range got {
		order = append(order, docs[r.Index].name)
	}
	if want := []string{"full", "half", "java", "empty"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("Rank order = %v, want %v", order, want)
	}
	full, half := got[0], got[1]
	if !(full.Score > half.Score && half.Score > 0 && got[2].Score == 0 && got[3].Score == 0) {
		t.Errorf("Rank scores = %d, %d, %d, %d; want strictly falling to 0, 0", full.Score, half.Score, got[2].Score, got[3].Score)
	}
	if full.Score > 100 {
		t.Errorf("Rank score = %d, want at most 100", full.Score)
	}
	// Title terms weigh most; "engineer" beats "go" because only this
	// applicant has it (higher IDF), while "half" has "go" too.
	if want := []string{"engineer", "go", "senior", "postgresql", "grpc", "kubernetes", "services", "tuning"}; !reflect.DeepEqual(full.Terms, want) {
		t.Errorf("Rank terms = %v, want %v", full.Terms, want)
	}
	if len(got[2].Terms) != 0 || len(got[3].Terms) != 0 {
		t.Errorf("Rank terms of non-matching docs = %v, %v; want none", got[2].Terms, got[3].Terms)
	}
}

func TestRankDeterministic(t *testing.T) {
	profiles := []screening.Profile{
		screening.Analyze("Go Go PostgreSQL"), screening.Analyze("PostgreSQL Go Go"),
		screening.Analyze("Kubernetes"), screening.Analyze("gRPC Go"),
	}
	q := screening.NewQuery(jobTitle, jobDesc)
	first := screening.Rank(q, profiles)
	for i := 0; i < 20; i++ {
		if got := screening.Rank(q, profiles); !reflect.DeepEqual(got, first) {
			t.Fatalf("Rank run %d = %+v, want %+v", i, got, first)
		}
	}
	// The first two hold the same words: a tie, kept in arrival order.
	if first[0].Index != 0 || first[1].Index != 1 || first[0].Score != first[1].Score {
		t.Errorf("Rank tie = %+v, %+v; want indexes 0, 1 with equal scores", first[0], first[1])
	}
}

// Repeating one keyword saturates: it does not beat naming the job's skills.
func TestRankStuffingSaturates(t *testing.T) {
	stuffed := ""
	for i := 0; i < 500; i++ {
		stuffed += "go "
	}
	profiles := []screening.Profile{
		screening.Analyze(stuffed),
		screening.Analyze("Go, PostgreSQL, Kubernetes, gRPC; senior engineer"),
	}
	got := screening.Rank(screening.NewQuery(jobTitle, jobDesc), profiles)
	if got[0].Index != 1 {
		t.Errorf("Rank(stuffed, honest) first = %d (score %d vs %d), want the honest one", got[0].Index, got[0].Score, got[1].Score)
	}
}

func TestNewQueryTerms(t *testing.T) {
	tests := []struct {
		title, desc string
		want        []string
	}{
		{"C++ and C# developer", "", []string{"c#", "c++", "developer"}},
		{"", "Node.js, 5 years, 2024, a b", []string{"js", "node"}},
		{"Go", "go GO Go go go go go", []string{"go"}},
		{"", "", []string{}},
		{"Zoë Ångström", "", []string{"zoë", "ångström"}},
	}
	for _, tt := range tests {
		if got := screening.NewQuery(tt.title, tt.desc).Terms(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NewQuery(%q, %q).Terms() = %v, want %v", tt.title, tt.desc, got, tt.want)
		}
	}
}

func TestProfile(t *testing.T) {
	p := screening.Analyze("Go and Go, PostgreSQL", "the cover letter")
	if err := p.Check(); err != nil {
		t.Fatalf("Analyze().Check() = %v, want nil", err)
	}
	// go, go, postgresql, cover, letter ("and", "the" are stopwords).
	if p.Len() != 5 {
		t.Errorf("Analyze().Len() = %d, want 5", p.Len())
	}
	for _, bad := range []screening.Profile{nil, {}, {9, 0, 0, 0, 0}, append(screening.Analyze("go"), 1)} {
		if err := bad.Check(); err == nil {
			t.Errorf("Profile(%x).Check() = nil, want an error", []byte(bad))
		}
	}
	// A malformed profile ranks last with score 0 instead of failing.
	got := screening.Rank(screening.NewQuery("Go", ""), []screening.Profile{{1, 2, 3}, screening.Analyze("go")})
	if got[0].Index != 1 || got[1].Score != 0 {
		t.Errorf("Rank(malformed, good) = %+v, want good first and malformed scoring 0", got)
	}
}

func TestRankEmpty(t *testing.T) {
	if got := screening.Rank(screening.NewQuery("Go", ""), nil); len(got) != 0 {
		t.Errorf("Rank(no profiles) = %v, want none", got)
	}
	got := screening.Rank(screening.NewQuery("", ""), []screening.Profile{screening.Analyze("go"), screening.Analyze("sql")})
	if got[0].Index != 0 || got[0].Score != 0 || got[1].Score != 0 {
		t.Errorf("Rank(empty query) = %+v, want arrival order, scores 0", got)
	}
}

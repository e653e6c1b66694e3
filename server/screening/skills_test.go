package screening_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hiregate/hiregate/server/screening"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestFind(t *testing.T) {
	m := screening.NewMatcher(screening.Builtin())
	tests := []struct {
		text string
		want []string // name=found_as
	}{
		{"Good at goals, going places", nil},
		{"I write Go.", []string{"Go=Go"}},
		{"golang and GO", []string{"Go=golang"}},
		{"C++ and C#, some C.", []string{"C=C", "C++=C++", "C#=C#"}},
		{"C++17", nil},
		{"Built on .NET and ASP.NET", []string{".NET=.NET", "ASP.NET=ASP.NET"}},
		{"Node.js, then nodejs", []string{"Node.js=Node.js"}},
		{"node tree", nil},
		{"Machine\n  Learning at scale", []string{"Machine learning=Machine Learning"}},
		{"machine-learning", nil},
		{"k8s clusters", []string{"Kubernetes=k8s"}},
		{"psql, Postgres", []string{"PostgreSQL=psql"}},
		{"Spring Boot services", []string{"Spring Boot=Spring Boot"}},
		{"go-to person for R&D", nil},
		{"(JavaScript)", []string{"JavaScript=JavaScript"}},
		{"Java, not JavaScript", []string{"Java=Java", "JavaScript=JavaScript"}},
		{"CI/CD with GitHub Actions", []string{"GitHub Actions=GitHub Actions", "CI/CD=CI/CD"}},
		{"#golang", []string{"Go=golang"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range m.Find(tt.text) {
			got = append(got, f.Name+"="+f.FoundAs)
		}
		if !sameSet(got, tt.want) {
			t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestSkillKey(t *testing.T) {
	tests := map[string]string{
		"Node.js": "node.js", "  Machine   Learning ": "machine learning", "C++": "c++",
		".NET": ".net", "Go.": "go", "--": "", "T-SQL": "t-sql", "C#,": "c#",
	}
	for in, want := range tests {
		if got := screening.SkillKey(in); got != want {
			t.Errorf("SkillKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseSkillsCSV(t *testing.T) {
	tests := []struct {
		name, in string
		want     []hiregate.Skill
		badLine  int
	}{
		{"header and comments", "# list\nname,aliases\nGo,golang| go lang |\nRust\n",
			[]hiregate.Skill{{Name: "Go", Aliases: []string{"golang", "go lang"}}, {Name: "Rust", Aliases: []string{}}}, 0},
		{"no header", "Kubernetes,k8s|kube\n", []hiregate.Skill{{Name: "Kubernetes", Aliases: []string{"k8s", "kube"}}}, 0},
		{"three columns", "Go,golang\nRust,a,b\n", nil, 2},
		{"empty name", "Go,golang\n,x\n", nil, 2},
		{"punctuation only", "Go\n++\n", nil, 2},
		{"duplicate", "Go\nRust\n GO ,x\n", nil, 3},
		{"bad quote", "Go\n\"Rust,x\n", nil, 2},
		{"long", "Go\n" + strings.Repeat("x", 101) + "\n", nil, 2},
	}
	for _, tt := range tests {
		got, err := screening.ParseSkillsCSV(strings.NewReader(tt.in))
		var le *screening.LineError
		switch {
		case tt.badLine != 0:
			if !errors.As(err, &le) || le.Line != tt.badLine {
				t.Errorf("%s: ParseSkillsCSV error = %v, want one naming line %d", tt.name, err, tt.badLine)
			}
		case err != nil:
			t.Errorf("%s: ParseSkillsCSV = %v", tt.name, err)
		case !reflect.DeepEqual(got, tt.want):
			t.Errorf("%s: ParseSkillsCSV = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestBuiltin(t *testing.T) {
	b := screening.Builtin()
	if len(b) < 300 {
		t.Errorf("Builtin() has %d skills, want a few hundred", len(b))
	}
}

// FuzzFind holds extraction to its promises on any text: it never panics,
// a found_as is text the input holds (up to spacing) and reads back as the
// skill it was found for.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"Go and C++", "Node.js\n.NET", "machine  learning", "ü.#+&-", "C#C++..NET"} {
		f.Add(s)
	}
	skills := screening.Builtin()
	m := screening.NewMatcher(skills)
	keys := map[string]map[string]bool{}
	for _, s := range skills {
		keys[s.Name] = map[string]bool{screening.SkillKey(s.Name): true}
		for _, a := range s.Aliases {
			keys[s.Name][screening.SkillKey(a)] = true
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		collapsed := strings.Join(strings.Fields(text), " ")
		for _, fd := range m.Find(text) {
			if !strings.Contains(collapsed, fd.FoundAs) {
				t.Fatalf("Find(%q) found_as %q, not in the text", text, fd.FoundAs)
			}
			if !keys[fd.Name][screening.SkillKey(fd.FoundAs)] {
				t.Fatalf("Find(%q) = %q as %q, which is not one of its names", text, fd.Name, fd.FoundAs)
			}
		}
	})
}

// TestScoreByHand recomputes docs/SCREENING.md's worked example.
func TestScoreByHand(t *testing.T) {
	req := []hiregate.Skill{{Name: "Go", Aliases: []string{"golang"}}, {Name: "Kubernetes", Aliases: []string{"k8s"}}}
	nice := []hiregate.Skill{{Name: "PostgreSQL", Aliases: []string{"postgres"}}}
	spec := screening.NewSpec("Go developer", "", req, nice)
	// Job terms: go (title, weight 3), developer (3). The resume names go
	// twice ("Go", "golang" is another word) and developer once;
	// Go is found, Kubernetes not, PostgreSQL as "postgres".
	got := spec.Score("Go developer; golang, postgres", "I like go")
	// R = 1/2, N = 1/1.
	// T = (3·2/(2+1.2) + 3·1/(1+1.2)) / (3+3) = (1.875 + 1.363636) / 6 = 0.539773
	// score = round(100 · (60·0.5 + 20·1 + 20·0.539773) / 100) = round(60.795) = 61
	if got.Score != 61 {
		t.Errorf("Score = %d, want 61", got.Score)
	}
	if want := []string{"go", "developer"}; !reflect.DeepEqual(got.Terms, want) {
		t.Errorf("Terms = %v, want %v", got.Terms, want)
	}
	if want := []string{"Kubernetes"}; !reflect.DeepEqual(got.Missing, want) {
		t.Errorf("Missing = %v, want %v", got.Missing, want)
	}
	if want := []hiregate.SkillFound{{Name: "Go", FoundAs: "Go"}, {Name: "PostgreSQL", FoundAs: "postgres"}}; !reflect.DeepEqual(got.Skills, want) {
		t.Errorf("Skills = %v, want %v", got.Skills, want)
	}
	// A job without skills is its text alone; without anything, 0.
	if s := screening.NewSpec("Go developer", "", nil, nil).Score("go developer", "").Score; s != 45 {
		t.Errorf("text-only Score = %d, want round(100·(1/2.2)) = 45", s)
	}
	if s := screening.NewSpec("", "", nil, nil).Score("anything", "").Score; s != 0 {
		t.Errorf("empty job Score = %d, want 0", s)
	}
}

package screening_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/screening"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// BenchmarkScore10000 scores 10,000 applications of about 4 KB each
// against a job with eight skills: the cost of rescoring a whole job
// after an edit (reading the text from the store aside).
func BenchmarkScore10000(b *testing.B) {
	req := []hiregate.Skill{{Name: "Go", Aliases: []string{"golang"}}, {Name: "Kubernetes", Aliases: []string{"k8s"}},
		{Name: "PostgreSQL", Aliases: []string{"postgres", "psql"}}, {Name: "gRPC"}, {Name: "Machine learning"}}
	nice := []hiregate.Skill{{Name: "C++"}, {Name: "Node.js", Aliases: []string{"nodejs"}}, {Name: ".NET"}}
	sp := screening.NewSpec("Senior Go Engineer", jobDesc, req, nice)
	texts := make([]string, 10000)
	for i := range texts {
		texts[i] = strings.Repeat(fmt.Sprintf("Worked %d years with golang, k8s and Postgres on machine learning services. ", i%7), 50)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			sp.Score(t, "cover letter")
		}
	}
}

// BenchmarkExtract50Pages finds every built-in skill in the text of a
// 50-page resume (about 150,000 characters).
func BenchmarkExtract50Pages(b *testing.B) {
	m := screening.NewMatcher(screening.Builtin())
	page := strings.Repeat("Built Node.js and C++ services on Kubernetes; machine learning with PyTorch; PostgreSQL tuning, CI/CD in GitHub Actions. ", 25)
	text := strings.Repeat(page, 50)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Find(text)
	}
}

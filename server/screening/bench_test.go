package screening_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/screening"
)

// corpus returns n resumes of about 600 words drawn (Zipf) from a
// 5,000-word vocabulary that includes the job's terms, and a cover letter
// each: roughly 4 KB of text per application, like a real one.
func corpus(n int) []screening.Profile {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"go", "postgresql", "kubernetes", "grpc", "senior", "engineer", "services", "tuning", "platform"}
	for i := len(vocab); i < 5000; i++ {
		vocab = append(vocab, fmt.Sprintf("word%04d", i))
	}
	rng.Shuffle(len(vocab), func(i, j int) { vocab[i], vocab[j] = vocab[j], vocab[i] })
	z := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	out := make([]screening.Profile, n)
	var sb strings.Builder
	for i := range out {
		sb.Reset()
		for w := 0; w < 600; w++ {
			sb.WriteString(vocab[z.Uint64()])
			sb.WriteByte(' ')
		}
		out[i] = screening.Analyze(sb.String(), "I would love to join your team and build things.")
	}
	return out
}

// BenchmarkRank10000 ranks 10,000 applications of one job from their stored
// profiles, reporting the median and 95th percentile of single rankings.
func BenchmarkRank10000(b *testing.B) {
	profiles := corpus(10000)
	q := screening.NewQuery(jobTitle, jobDesc+" "+strings.Repeat("Distributed systems, observability, on-call. ", 10))
	var d []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		screening.Rank(q, profiles)
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[len(d)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkAnalyze is the write-time cost of one application's profile.
func BenchmarkAnalyze(b *testing.B) {
	text := strings.Repeat("Senior Go engineer with PostgreSQL, Kubernetes and gRPC experience. ", 60)
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		screening.Analyze(text)
	}
}

package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/screening"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// BenchmarkRankJob10000 is GET /jobs/{id}/applications?sort=match's work
// for a job with 10,000 applications: read every stored profile of the job
// and rank them. Each resume is about 600 words from a 5,000-word
// vocabulary (Zipf), like a real one in length.
func BenchmarkRankJob10000(b *testing.B) {
	ctx := context.Background()
	db, _ := mustOpenAt(b, filepath.Join(b.TempDir(), "rank.db"))
	r := storetest.MustUser(b, db, "r@corp.example", "R", hiregate.RoleRecruiter)
	desc := "We build our platform in Go on PostgreSQL and Kubernetes, with gRPC between services. " +
		strings.Repeat("Distributed systems, observability, on-call. ", 10)
	job := &hiregate.Job{Title: "Senior Go Engineer", Description: desc, EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: r.ID}}
	if err := db.CreateJob(ctx, job, t0); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"go", "postgresql", "kubernetes", "grpc", "senior", "engineer", "distributed", "observability"}
	for i := len(vocab); i < 5000; i++ {
		vocab = append(vocab, fmt.Sprintf("word%04d", i))
	}
	z := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	err := db.Atomic(ctx, func(tx store.Store) error {
		var sb strings.Builder
		for i := 0; i < 10000; i++ {
			c := storetest.MustUser(b, tx, fmt.Sprintf("c%05d@example.com", i), "C", hiregate.RoleCandidate)
			sb.Reset()
			for w := 0; w < 600; w++ {
				sb.WriteString(vocab[z.Uint64()])
				sb.WriteByte(' ')
			}
			a := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: c.ID},
				CoverLetter: "I would love to join.", ResumeText: sb.String()}
			if err := tx.CreateApplication(ctx, a, t0.Add(time.Duration(i)*time.Minute), nil); err != nil {
				return err
			}
			if err := tx.SetProfile(ctx, a.ID, screening.Analyze(a.ResumeText, a.CoverLetter)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	q := screening.NewQuery(job.Title, job.Description)
	// rank is the service's path: ids and versions from the store, the
	// profiles it does not hold read and kept.
	cache := screening.NewCache(256 << 20)
	rank := func() (read time.Duration) {
		start := time.Now()
		docs, err := db.MatchDocs(ctx, job.ID, "", cache.Has)
		if err != nil {
			b.Fatal(err)
		}
		read = time.Since(start)
		profiles := make([]screening.Profile, len(docs))
		for j, doc := range docs {
			if doc.Profile != nil {
				cache.Put(doc.ApplicationID, doc.Version, doc.Profile)
				profiles[j] = doc.Profile
			} else {
				profiles[j], _ = cache.Get(doc.ApplicationID, doc.Version)
			}
		}
		if got := screening.Rank(q, profiles); len(got) != 10000 {
			b.Fatalf("ranked %d, want 10000", len(got))
		}
		return read
	}
	start := time.Now()
	coldRead := rank()
	cold := time.Since(start)
	var d []time.Duration
	var read time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		read += rank()
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[len(d)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(read.Microseconds())/1000/float64(b.N), "read-ms/op")
	b.ReportMetric(float64(cold.Microseconds())/1000, "cold-ms")
	b.ReportMetric(float64(coldRead.Microseconds())/1000, "cold-read-ms")
}

package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/screening"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// BenchRankJob10000 is GET /jobs/{id}/applications?sort=match's work
// for a job with 10,000 applications: once, score them all (rescore-all);
// then, per op, read a page of the stored ranking. Each resume is about
// 600 words from a 5,000-word vocabulary (Zipf), like a real one in length.
func BenchRankJob10000(b *testing.B, db store.Store) {
	ctx := context.Background()
	t0 := T0
	r := MustUser(b, db, "r@corp.example", "R", hiregate.RoleRecruiter)
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
			c := MustUser(b, tx, fmt.Sprintf("c%05d@example.com", i), "C", hiregate.RoleCandidate)
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
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// The job's skills; gendata-like data has no scores yet, so the first
	// ranking computes them all (what a server does after a job edit).
	if err := db.SetJobScoring(ctx, job.ID, hiregate.JobSkills{Required: []string{"Go", "Kubernetes"}, Nice: []string{"gRPC"}}); err != nil {
		b.Fatal(err)
	}
	sc, _ := db.JobScorings(ctx, []string{job.ID})
	v := sc[job.ID].Version
	spec := screening.NewSpec(job.Title, job.Description,
		[]hiregate.Skill{{Name: "Go", Aliases: []string{"golang"}}, {Name: "Kubernetes", Aliases: []string{"k8s"}}}, []hiregate.Skill{{Name: "gRPC"}})
	start := time.Now()
	for after := ""; ; {
		last, err := db.RescoreBatch(ctx, job.ID, v, after, 250, func(in []store.ScoreInput) []store.StoredScore {
			out := make([]store.StoredScore, len(in))
			for i, a := range in {
				r := spec.Score(a.ResumeText, a.CoverLetter)
				out[i] = store.StoredScore{ApplicationID: a.ApplicationID, Score: r.Score, Explain: []byte(`{"terms":[],"skills":[],"missing":[]}`)}
			}
			return out
		})
		if err != nil {
			b.Fatal(err)
		}
		if last == "" {
			break
		}
		after = last
	}
	if err := db.MarkScored(ctx, job.ID, v); err != nil {
		b.Fatal(err)
	}
	cold := time.Since(start)
	var d []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		apps, _, err := db.RankedApplications(ctx, hiregate.ApplicationFilter{JobID: job.ID, Limit: 20})
		if err != nil || len(apps) != 20 {
			b.Fatalf("RankedApplications = %d, %v", len(apps), err)
		}
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[len(d)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(cold.Microseconds())/1000, "rescore-all-ms")
}

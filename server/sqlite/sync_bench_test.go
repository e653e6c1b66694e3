package sqlite_test

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// BenchmarkWriteSynchronous measures what synchronous=FULL costs the
// writes behind POST /jobs and POST /jobs/{id}/applications, against
// NORMAL, side by side in one run:
//
//	go test ./server/sqlite -run '^$' -bench WriteSynchronous -count 3
func BenchmarkWriteSynchronous(b *testing.B) {
	for _, mode := range []string{"NORMAL", "FULL"} {
		b.Run(mode, func(b *testing.B) {
			b.Run("CreateJob", func(b *testing.B) {
				db, recruiter := openSync(b, mode)
				ctx := context.Background()
				now := time.Now()
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					j := &hiregate.Job{Title: "Go developer", Description: "Write Go services.", Location: "Berlin",
						EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: recruiter}}
					if err := db.CreateJob(ctx, j, now.Add(time.Duration(i))); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("CreateApplication", func(b *testing.B) {
				db, recruiter := openSync(b, mode)
				ctx := context.Background()
				now := time.Now()
				j := &hiregate.Job{Title: "Go developer", EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: recruiter}}
				if err := db.CreateJob(ctx, j, now); err != nil {
					b.Fatal(err)
				}
				// One candidate per application (one each per job): made
				// before the timer, as registrations.
				cands := make([]string, 0, 1024)
				next := func(i int) string {
					for len(cands) <= i {
						u := &hiregate.User{Email: "c" + itoa(len(cands)) + "@example.com", FullName: "C", Role: hiregate.RoleCandidate, Active: true}
						if err := db.CreateUser(ctx, u, "h"); err != nil {
							b.Fatal(err)
						}
						cands = append(cands, u.ID)
					}
					return cands[i]
				}
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					b.StopTimer()
					cand := next(i)
					b.StartTimer()
					a := &hiregate.Application{Job: hiregate.JobRef{ID: j.ID}, Candidate: hiregate.CandidateRef{ID: cand},
						CoverLetter: "Hello", ResumeText: "CV"}
					if err := db.CreateApplication(ctx, a, now.Add(time.Duration(i)), hiregate.CheckOpenForApplications); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func openSync(b *testing.B, mode string) (*sqlite.DB, string) {
	b.Helper()
	db, err := sqlite.OpenSynchronous(filepath.Join(b.TempDir(), "bench.db"), mode)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	u := &hiregate.User{Email: "r@example.com", FullName: "R", Role: hiregate.RoleRecruiter, Active: true}
	if err := db.CreateUser(context.Background(), u, "h"); err != nil {
		b.Fatal(err)
	}
	return db, u.ID
}

// BenchmarkWriteConcurrent is CreateJob from 32 goroutines at once, as
// POST /jobs under 32 connections, FULL beside NORMAL: with group commit
// the writes that queue during one commit share the next one's fsync.
//
//	go test ./server/sqlite -run '^$' -bench WriteConcurrent -count 3
func BenchmarkWriteConcurrent(b *testing.B) {
	for _, mode := range []string{"NORMAL", "FULL"} {
		b.Run(mode, func(b *testing.B) {
			db, recruiter := openSync(b, mode)
			ctx := context.Background()
			now := time.Now()
			b.SetParallelism(32 / max(1, runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					j := &hiregate.Job{Title: "Go developer", Description: "Write Go services.", Location: "Berlin",
						EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: recruiter}}
					if err := db.CreateJob(ctx, j, now.Add(time.Duration(i))); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

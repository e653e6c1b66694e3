package postgres_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/server/store/storetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// burstCounter is a TCP proxy in front of the server that counts the
// bursts clients send: a client that waits for an answer before it sends
// again sends one burst per round trip.
type burstCounter struct {
	ln     net.Listener
	bursts atomic.Int64
	wg     sync.WaitGroup
}

func newBurstCounter(tb testing.TB, target string) *burstCounter {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &burstCounter{ln: ln}
	p.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.wg.Go(func() { p.copyCounting(s, c); s.Close() })
			p.wg.Go(func() { io.Copy(c, s); c.Close() })
		}
	})
	tb.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

// copyCounting copies client to server, counting the reads that end with
// the client waiting (nothing more to read at once).
func (p *burstCounter) copyCounting(dst, src net.Conn) {
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.bursts.Add(1)
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// BenchmarkWrites measures the hot writes of applications on one
// connection at a time and reports round trips per write (rt/op), counted
// as bursts the client sends through a proxy.
func BenchmarkWrites(b *testing.B) {
	ctx := context.Background()
	u, err := url.Parse(pgtest.URL(b))
	if err != nil {
		b.Fatal(err)
	}
	p := newBurstCounter(b, u.Host)
	u.Host = p.ln.Addr().String()
	db, err := postgres.Open(ctx, u.String())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	r := storetest.MustUser(b, db, "r@corp.example", "Rita", hiregate.RoleRecruiter)
	job := &hiregate.Job{Title: "Go", Description: "d", EmploymentType: hiregate.FullTime, Recruiter: hiregate.UserRef{ID: r.ID}}
	if err := db.CreateJob(ctx, job, time.Now()); err != nil {
		b.Fatal(err)
	}
	n := 0
	apply := func() *hiregate.Application {
		n++
		c := storetest.MustUser(b, db, fmt.Sprintf("c%d@example.com", n), "Carl", hiregate.RoleCandidate)
		a := &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: c.ID}, ResumeText: "r"}
		if err := db.CreateApplication(ctx, a, time.Now(), hiregate.CheckOpenForApplications); err != nil {
			b.Fatal(err)
		}
		return a
	}
	// measure runs op b.N times, each after prepare, and reports the round
	// trips of op alone.
	measure := func(b *testing.B, prepare func(), op func() error) {
		var bursts int64
		for b.Loop() {
			b.StopTimer()
			prepare()
			before := p.bursts.Load()
			b.StartTimer()
			if err := op(); err != nil {
				b.Fatal(err)
			}
			bursts += p.bursts.Load() - before
		}
		b.ReportMetric(float64(bursts)/float64(b.N), "rt/op")
	}
	b.Run("CreateApplication", func(b *testing.B) {
		var a *hiregate.Application
		measure(b, func() {
			n++
			c := storetest.MustUser(b, db, fmt.Sprintf("c%d@example.com", n), "Carl", hiregate.RoleCandidate)
			a = &hiregate.Application{Job: hiregate.JobRef{ID: job.ID}, Candidate: hiregate.CandidateRef{ID: c.ID}, ResumeText: "r"}
		}, func() error { return db.CreateApplication(ctx, a, time.Now(), hiregate.CheckOpenForApplications) })
	})
	b.Run("MoveApplication", func(b *testing.B) {
		var a *hiregate.Application
		measure(b, func() { a = apply() }, func() error {
			_, err := db.MoveApplication(ctx, a.ID, hiregate.StageScreening, hiregate.UserRef{ID: r.ID}, time.Now(), nil)
			return err
		})
	})
	b.Run("CreateNote", func(b *testing.B) {
		a := apply()
		measure(b, func() {}, func() error {
			return db.CreateNote(ctx, &hiregate.Note{ApplicationID: a.ID, Author: hiregate.UserRef{ID: r.ID}, Body: "good"}, time.Now())
		})
	})
}

package app_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/mail/smtptest"
	"github.com/hiregate/hiregate/shared/testclock"
)

// BenchmarkForgotPassword compares POST /auth/password/forgot for an
// address with an account (a code made, stored and mailed through a real
// SMTP server) and one without (a code made and hashed, a dummy write):
// the two medians, side by side in docs/PERFORMANCE.md, must be of the same
// order, or the time would tell who has an account. The clock moves a
// little over LoginWindow/ForgotAccountLimit per request, so the
// throttles never answer.
func BenchmarkForgotPassword(b *testing.B) {
	srv := smtptest.Start(b, smtptest.Options{})
	cfg := mailConfig(b, srv)
	cfg.Demo = true
	clock := testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	a, err := app.Open(context.Background(), cfg, nil, trust(srv), app.WithClock(clock.Now))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	for _, bc := range []struct{ name, email string }{
		{"Known", "candidate@example.com"},
		{"Unknown", "nobody@example.com"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			body := `{"email":"` + bc.email + `"}`
			var took []time.Duration
			for b.Loop() {
				clock.Advance(3*time.Minute + time.Second)
				start := time.Now()
				resp, err := http.Post(a.URL()+"/auth/password/forgot", "application/json", strings.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				took = append(took, time.Since(start))
				if resp.StatusCode != http.StatusAccepted {
					b.Fatalf("forgot %s = %d, want 202", bc.email, resp.StatusCode)
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "median-µs")
		})
	}
}

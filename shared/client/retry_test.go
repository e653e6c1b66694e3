package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// answer is one response of a scripted server: a status and a Retry-After.
type answer struct {
	status     int
	retryAfter string
}

// scripted answers the requests it gets with answers in order (the last
// one again when they run out) and keeps each request's body.
type scripted struct {
	mu      sync.Mutex
	answers []answer
	bodies  []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	a := s.answers[min(len(s.bodies), len(s.answers)-1)]
	s.bodies = append(s.bodies, string(b))
	s.mu.Unlock()
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	if a.status != http.StatusOK {
		writeJSON(w, a.status, hiregate.ErrorBody{Detail: "Too many logins at once; try again shortly"})
		return
	}
	if r.URL.Path == "/auth/login" {
		writeJSON(w, a.status, hiregate.TokenResponse{AccessToken: "access", TokenType: "bearer", RefreshToken: "refresh", ExpiresIn: 900})
		return
	}
	writeJSON(w, a.status, hiregate.User{ID: "u1", Email: "new@example.com"})
}

func (s *scripted) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

var (
	shed       = answer{http.StatusServiceUnavailable, "2"}
	shedLong   = answer{http.StatusServiceUnavailable, "16"}
	shedNoHint = answer{http.StatusServiceUnavailable, ""}
	ok         = answer{status: http.StatusOK}
)

// TestRetryAfterShed: a 503 with a Retry-After of at most MaxRetryAfter is
// waited out and the same request sent once more; a second 503, a longer
// Retry-After or none is the caller's. Login and registration, the calls a
// busy server sheds first, show it.
func TestRetryAfterShed(t *testing.T) {
	register := func(ctx context.Context, c *client.Client) error {
		_, err := c.Register(ctx, hiregate.RegisterRequest{Email: "new@example.com", Password: "a long enough password", FullName: "New"})
		return err
	}
	login := func(ctx context.Context, c *client.Client) error {
		_, err := c.Login(ctx, "new@example.com", "a long enough password")
		if err == nil && !c.LoggedIn() {
			return errors.New("logged in without keeping the tokens")
		}
		return err
	}
	tests := []struct {
		name      string
		call      func(context.Context, *client.Client) error
		answers   []answer
		deadline  time.Duration // of the caller's context; 0: none
		wantErr   bool
		wantWaits []time.Duration
	}{
		{"register shed once", register, []answer{shed, ok}, 0, false, []time.Duration{2 * time.Second}},
		{"login shed once", login, []answer{shed, ok}, 0, false, []time.Duration{2 * time.Second}},
		{"shed twice", register, []answer{shed, shed, ok}, 0, true, []time.Duration{2 * time.Second}},
		{"shed for too long", login, []answer{shedLong, ok}, 0, true, nil},
		{"no Retry-After", register, []answer{shedNoHint, ok}, 0, true, nil},
		{"caller due to give up first", register, []answer{{http.StatusServiceUnavailable, "14"}, ok}, 10 * time.Second, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{answers: tt.answers}
			srv := httptest.NewServer(s)
			defer srv.Close()
			c, err := client.New(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			waits := client.RecordWaits(c)
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			err = tt.call(ctx, c)
			if tt.wantErr {
				if he := asError(t, err); he.Code != hiregate.EUNAVAILABLE {
					t.Errorf("error = %+v, want the 503's EUNAVAILABLE", he)
				}
			} else if err != nil {
				t.Errorf("error = %v, want nil after the retry", err)
			}
			if !reflect.DeepEqual(*waits, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", *waits, tt.wantWaits)
			}
			reqs := s.requests()
			if want := 1 + len(tt.wantWaits); len(reqs) != want || reqs[len(reqs)-1] != reqs[0] {
				t.Errorf("requests = %q, want %d with the same body", reqs, want)
			}
		})
	}
}

// roundTripper answers requests with a handler, without a network.
type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestRetryAfterHonoursContext: a caller whose context ends during the
// wait gets the 503 at once, without a second request.
func TestRetryAfterHonoursContext(t *testing.T) {
	s := &scripted{answers: []answer{{http.StatusServiceUnavailable, "15"}, ok}}
	ctx, cancel := context.WithCancel(context.Background())
	hc := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		cancel() // the caller gives up as the client starts waiting
		return rec.Result(), nil
	})}
	c, err := client.New("http://hiregate.invalid", client.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Register(ctx, hiregate.RegisterRequest{Email: "new@example.com", Password: "a long enough password", FullName: "New"})
	if he := asError(t, err); he.Code != hiregate.EUNAVAILABLE || he.RetryAfter != 15 {
		t.Errorf("error = %+v, want the 503 with RetryAfter 15", he)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

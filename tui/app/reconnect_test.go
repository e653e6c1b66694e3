package app_test

import (
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
)

// outage is a network that can go down, as when the server stops: every
// request is refused and the open event streams are cut.
type outage struct {
	down    atomic.Bool
	mu      sync.Mutex
	streams []io.Closer
}

func (o *outage) RoundTrip(r *http.Request) (*http.Response, error) {
	if o.down.Load() {
		return nil, errors.New("dial tcp 127.0.0.1:8080: connect: connection refused")
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && r.URL.Path == "/events" {
		o.mu.Lock()
		defer o.mu.Unlock()
		if o.down.Load() {
			// The outage began while this stream was being opened.
			resp.Body.Close()
		}
		o.streams = append(o.streams, resp.Body)
	}
	return resp, err
}

func (o *outage) stop() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down.Store(true)
	for _, s := range o.streams {
		s.Close()
	}
	o.streams = nil
}

// A screen opened while the server was away says "Nothing loaded", and
// loads by itself once the live stream is back: no screen stays empty
// after a reconnect.
func TestReconnectReloads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, who, key, want string
	}{
		{"MyJobs", testserver.Recruiter, "1", "Senior Go Engineer"},
		{"Users", testserver.Admin, "3", "grace@example.com"},
		{"AuditLog", testserver.Admin, "4", "login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			net := &outage{}
			d := start(t, srv.NewClient(client.WithHTTPClient(&http.Client{Transport: net})), 120, 40, withLive)
			login(d, tt.who)
			net.stop()
			d.WaitContains("reconnecting…")
			d.Key(tt.key)
			d.WaitContains("Nothing loaded: ctrl+r tries again.")
			net.down.Store(false)
			d.WaitContains(tt.want)
		})
	}
}

package httpapi_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// syncBuffer is a log sink the server may write to from its goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A client that hangs up while its request waits for the database is not a
// server error: no ERROR line, no 500, and a 499 in the request log (only
// there: the connection is dropped without an answer).
func TestClientGoneIsNotAnError(t *testing.T) {
	var logs syncBuffer
	e := newEnvWith(t, func(c *httpapi.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	_, rec := e.user(hiregate.RoleRecruiter, "rec@example.com")
	tok := tokenOf(rec)

	for _, tt := range []struct{ method, path, body string }{
		{"POST", "/jobs", `{"title":"Go","employment_type":"full_time"}`},
		{"GET", "/jobs", ""},
		{"GET", "/users/me", ""},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			before := len(logs.String())
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			req := httptest.NewRequestWithContext(ctx, tt.method, tt.path, strings.NewReader(tt.body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			aborted := serveRecovering(e.router, w, req)
			out := logs.String()[before:]
			if strings.Contains(out, "level=ERROR") {
				t.Errorf("%s %s with the client gone logged an error:\n%s", tt.method, tt.path, out)
			}
			if !strings.Contains(out, "status=499") {
				t.Errorf("%s %s with the client gone: request log = %q, want status=499", tt.method, tt.path, out)
			}
			if !aborted || w.Code == http.StatusInternalServerError && w.Body.Len() > 0 {
				t.Errorf("%s %s with the client gone: aborted = %v, answered %d %q, want the connection dropped", tt.method, tt.path, aborted, w.Code, w.Body.String())
			}
		})
	}
}

// serveRecovering serves req and reports whether the handler aborted the
// connection the way net/http expects (panic(http.ErrAbortHandler)).
func serveRecovering(h http.Handler, w http.ResponseWriter, req *http.Request) (aborted bool) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			aborted = true
		}
	}()
	h.ServeHTTP(w, req)
	return false
}

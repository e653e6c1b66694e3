package client_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestLogin(t *testing.T) {
	f := newFakeAPI(t)
	c := f.client(newClock())
	if c.LoggedIn() {
		t.Fatal("LoggedIn() = true before Login, want false")
	}
	_, err := c.Login(context.Background(), testEmail, "wrong password")
	if e := asError(t, err); e.Code != hiregate.EUNAUTHORIZED || e.OAuth != hiregate.OAuthInvalidGrant || e.Message != hiregate.MsgInvalidCredentials {
		t.Errorf("Login(wrong) error = %+v, want unauthorized invalid_grant %q", *e, hiregate.MsgInvalidCredentials)
	}
	if c.LoggedIn() {
		t.Error("LoggedIn() = true after a failed Login, want false")
	}
	tok, err := c.Login(context.Background(), testEmail, testPassword)
	if err != nil {
		t.Fatalf("Login() error = %v", err)
	}
	access, refresh := c.Tokens()
	if access != tok.AccessToken || refresh != tok.RefreshToken || access == "" || refresh == "" {
		t.Errorf("Tokens() = %q, %q, want the login's %q, %q", access, refresh, tok.AccessToken, tok.RefreshToken)
	}
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("Me() error = %v", err)
	}
	if got := f.seenTokens(); len(got) != 1 || got[0] != access {
		t.Errorf("server saw tokens %q, want [%q]", got, access)
	}
}

func TestRefreshAheadOfExpiry(t *testing.T) {
	tests := []struct {
		name          string
		elapsed       time.Duration
		wantRefreshed bool
	}{
		{"Fresh", 0, false},
		{"JustOutsideMargin", 900*time.Second - client.RefreshMargin - time.Second, false},
		{"AtMargin", 900*time.Second - client.RefreshMargin, true},
		{"InsideMargin", 890 * time.Second, true},
		{"Expired", time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			clock := newClock()
			c := f.client(clock)
			f.login(c)
			oldAccess, _ := c.Tokens()
			clock.Advance(tt.elapsed)
			if _, err := c.Me(context.Background()); err != nil {
				t.Fatalf("Me() error = %v", err)
			}
			_, refreshes := f.counts()
			seen := f.seenTokens()
			newAccess, _ := c.Tokens()
			if tt.wantRefreshed {
				// The expiring token must never reach the server.
				if refreshes != 1 || len(seen) != 1 || seen[0] == oldAccess || seen[0] != newAccess {
					t.Errorf("refreshes = %d, seen = %q, want 1 refresh and only the new token %q", refreshes, seen, newAccess)
				}
			} else if refreshes != 0 || len(seen) != 1 || seen[0] != oldAccess {
				t.Errorf("refreshes = %d, seen = %q, want no refresh and the old token %q", refreshes, seen, oldAccess)
			}
		})
	}
}

func TestRefreshOnceOn401ThenRetry(t *testing.T) {
	f := newFakeAPI(t)
	c := f.client(newClock())
	f.login(c)
	oldAccess, oldRefresh := c.Tokens()
	f.expireAccess()

	job, err := c.CreateJob(context.Background(), hiregate.CreateJobRequest{Title: "Go developer", EmploymentType: hiregate.FullTime})
	if err != nil {
		t.Fatalf("CreateJob() error = %v", err)
	}
	if job.Title != "Go developer" {
		t.Errorf("CreateJob().Title = %q, want %q", job.Title, "Go developer")
	}
	newAccess, newRefresh := c.Tokens()
	if newAccess == oldAccess || newRefresh == oldRefresh {
		t.Errorf("tokens not rotated: access %q -> %q, refresh %q -> %q", oldAccess, newAccess, oldRefresh, newRefresh)
	}
	if _, refreshes := f.counts(); refreshes != 1 {
		t.Errorf("refresh calls = %d, want 1", refreshes)
	}
	f.mu.Lock()
	seen, bodies := f.seen, f.bodies
	f.mu.Unlock()
	if len(seen) != 2 || seen[0] != oldAccess || seen[1] != newAccess {
		t.Errorf("server saw tokens %q, want [%q %q]", seen, oldAccess, newAccess)
	}
	if len(bodies) != 2 || bodies[0] != bodies[1] || bodies[0] == "" {
		t.Errorf("bodies = %q, want the same non-empty body twice", bodies)
	}
}

func TestRetriedOnlyOnce(t *testing.T) {
	f := newFakeAPI(t)
	c := f.client(newClock())
	f.login(c)
	// Every access token is rejected, even freshly refreshed ones.
	f.mu.Lock()
	f.onProtected = func(string) { f.expireAccess() }
	f.mu.Unlock()
	_, err := c.Me(context.Background())
	if e := asError(t, err); e.Code != hiregate.EUNAUTHORIZED || e.Message != hiregate.MsgInvalidToken {
		t.Errorf("Me() error = %+v, want the server's 401 %q", *e, hiregate.MsgInvalidToken)
	}
	if _, refreshes := f.counts(); refreshes != 1 {
		t.Errorf("refresh calls = %d, want 1", refreshes)
	}
	if n := len(f.seenTokens()); n != 2 {
		t.Errorf("protected calls = %d, want 2 (the call and one retry)", n)
	}
}

func TestRefreshFails(t *testing.T) {
	tests := []struct {
		name        string
		setup       func(f *fakeAPI)
		wantExpired bool
		wantCode    string
	}{
		{"SessionRevoked", func(f *fakeAPI) { f.revokeAll() }, true, hiregate.EUNAUTHORIZED},
		{"BadRequest", func(f *fakeAPI) { f.expireAccess(); f.failRefresh(http.StatusBadRequest) }, true, hiregate.EUNAUTHORIZED},
		// A server that cannot answer is no proof the session is over.
		{"Unavailable", func(f *fakeAPI) { f.expireAccess(); f.failRefresh(http.StatusServiceUnavailable) }, false, hiregate.EUNAVAILABLE},
		{"Throttled", func(f *fakeAPI) { f.expireAccess(); f.failRefresh(http.StatusTooManyRequests) }, false, hiregate.ETHROTTLED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			c := f.client(newClock())
			f.login(c)
			tt.setup(f)
			_, err := c.Me(context.Background())
			if got := client.IsSessionExpired(err); got != tt.wantExpired {
				t.Errorf("IsSessionExpired(%v) = %v, want %v", err, got, tt.wantExpired)
			}
			if got := hiregate.ErrorCode(err); got != tt.wantCode {
				t.Errorf("ErrorCode(%v) = %q, want %q", err, got, tt.wantCode)
			}
			if tt.wantExpired && hiregate.ErrorMessage(err) != client.MsgSessionExpired {
				t.Errorf("ErrorMessage = %q, want %q", hiregate.ErrorMessage(err), client.MsgSessionExpired)
			}
			if got := c.LoggedIn(); got == tt.wantExpired {
				t.Errorf("LoggedIn() = %v, want %v", got, !tt.wantExpired)
			}
			if _, refreshes := f.counts(); refreshes != 1 {
				t.Errorf("refresh calls = %d, want 1", refreshes)
			}
		})
	}
}

func TestRefresh(t *testing.T) {
	f := newFakeAPI(t)
	c := f.client(newClock())
	if err := c.Refresh(context.Background()); hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
		t.Errorf("Refresh() before login error = %v, want unauthorized", err)
	}
	f.login(c)
	_, oldRefresh := c.Tokens()
	if err := c.Refresh(context.Background()); err != nil {
		t.Fatalf("Refresh() error = %v", err)
	}
	_, newRefresh := c.Tokens()
	if newRefresh == oldRefresh {
		t.Errorf("refresh token not rotated")
	}
	// Replaying the spent token trips the fake's theft detection.
	c.SetTokens(&hiregate.TokenResponse{AccessToken: "SECRET-AT-stale", RefreshToken: oldRefresh, ExpiresIn: 900})
	err := c.Refresh(context.Background())
	if !client.IsSessionExpired(err) || c.LoggedIn() {
		t.Errorf("Refresh(spent) error = %v, LoggedIn() = %v, want session expired and logged out", err, c.LoggedIn())
	}
}

// TestSingleFlightOn401 sends N requests with a rejected token and holds
// every 401 until all N have arrived, so all of them want a refresh at
// once. The fake treats a second use of the refresh token as theft, so any
// duplicate refresh would fail the calls too.
func TestSingleFlightOn401(t *testing.T) {
	const n = 16
	f := newFakeAPI(t)
	c := f.client(newClock())
	f.login(c)
	oldAccess, _ := c.Tokens()
	f.expireAccess()

	var arrived sync.WaitGroup
	arrived.Add(n)
	all := make(chan struct{})
	go func() { arrived.Wait(); close(all) }()
	f.mu.Lock()
	f.onProtected = func(tok string) {
		if tok == oldAccess {
			arrived.Done()
			<-all
		}
	}
	f.mu.Unlock()

	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, err := c.Me(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Me() error = %v", err)
		}
	}
	if _, refreshes := f.counts(); refreshes != 1 {
		t.Errorf("refresh calls = %d, want exactly 1", refreshes)
	}
	newAccess, _ := c.Tokens()
	retried := 0
	for _, tok := range f.seenTokens() {
		if tok == newAccess {
			retried++
		}
	}
	if retried != n {
		t.Errorf("retries with the new token = %d, want %d", retried, n)
	}
}

func TestSingleFlightAheadOfExpiry(t *testing.T) {
	const n = 16
	f := newFakeAPI(t)
	clock := newClock()
	c := f.client(clock)
	f.login(c)
	clock.Advance(899 * time.Second)

	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, err := c.Me(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Me() error = %v", err)
		}
	}
	if _, refreshes := f.counts(); refreshes != 1 {
		t.Errorf("refresh calls = %d, want exactly 1", refreshes)
	}
}

// TestRefreshOutlivesCanceledCaller: the server rotates the refresh token
// as soon as it answers, so a refresh must complete and be stored even if
// the caller that started it gives up.
func TestRefreshOutlivesCanceledCaller(t *testing.T) {
	f := newFakeAPI(t)
	clock := newClock()
	c := f.client(clock)
	f.login(c)
	_, oldRefresh := c.Tokens()
	arrived, gate := make(chan struct{}), make(chan struct{})
	f.mu.Lock()
	f.refreshArrived, f.refreshGate = arrived, gate
	f.mu.Unlock()
	clock.Advance(time.Hour)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.Me(ctx); done <- err }()
	<-arrived
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Me(canceled) error = %v, want context.Canceled", err)
	}
	f.mu.Lock()
	f.refreshArrived = nil
	f.mu.Unlock()
	close(gate)

	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("Me() after the canceled call error = %v", err)
	}
	_, newRefresh := c.Tokens()
	if newRefresh == oldRefresh {
		t.Error("refresh token not rotated: the detached refresh was lost")
	}
	if _, refreshes := f.counts(); refreshes != 1 {
		t.Errorf("refresh calls = %d, want 1", refreshes)
	}
}

func TestForgetDuringRefresh(t *testing.T) {
	f := newFakeAPI(t)
	clock := newClock()
	c := f.client(clock)
	f.login(c)
	arrived, gate := make(chan struct{}), make(chan struct{})
	f.mu.Lock()
	f.refreshArrived, f.refreshGate = arrived, gate
	f.mu.Unlock()

	done := make(chan error, 1)
	go func() { done <- c.Refresh(context.Background()) }()
	<-arrived
	c.Forget()
	close(gate)
	if err := <-done; !client.IsSessionExpired(err) {
		t.Errorf("Refresh() error = %v, want session expired", err)
	}
	if c.LoggedIn() {
		t.Error("LoggedIn() = true: a refresh finishing after Forget brought the tokens back")
	}
}

func TestLogout(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		logout  func(c *client.Client, ctx context.Context) error
		path    string
		wantErr bool
	}{
		{"OK", http.StatusNoContent, (*client.Client).Logout, "/auth/logout", false},
		{"ServerFails", http.StatusInternalServerError, (*client.Client).Logout, "/auth/logout", true},
		{"AllOK", http.StatusNoContent, (*client.Client).LogoutAll, "/auth/logout-all", false},
		{"AllServerFails", http.StatusServiceUnavailable, (*client.Client).LogoutAll, "/auth/logout-all", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			calls := 0
			f.mux.HandleFunc("POST "+tt.path, f.protected(func(w http.ResponseWriter, r *http.Request, _ []byte) {
				calls++
				w.WriteHeader(tt.status)
			}))
			c := f.client(newClock())
			f.login(c)
			err := tt.logout(c, context.Background())
			if (err != nil) != tt.wantErr {
				t.Errorf("logout error = %v, want error %v", err, tt.wantErr)
			}
			if calls != 1 {
				t.Errorf("server calls = %d, want 1", calls)
			}
			if c.LoggedIn() {
				t.Error("LoggedIn() = true after logout, want false")
			}
			if err := tt.logout(c, context.Background()); err != nil {
				t.Errorf("second logout error = %v, want nil", err)
			}
			if calls != 1 {
				t.Errorf("server calls = %d after a logout while logged out, want 1", calls)
			}
		})
	}
}

// A call whose session the server ended keeps what the 401 said, for the
// user; the error is still "session expired".
func TestSessionEndReason(t *testing.T) {
	f := newFakeAPI(t)
	f.mux.HandleFunc("GET /revoked", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, hiregate.ErrorBody{Detail: hiregate.MsgSessionRevoked})
	})
	c := f.client(newClock())
	f.login(c)
	f.revokeAll()
	err := c.Do(context.Background(), http.MethodGet, "/revoked", nil, nil)
	if !client.IsSessionExpired(err) || hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
		t.Fatalf("error = %v, want session expired", err)
	}
	if got := client.SessionEndReason(err); got != hiregate.MsgSessionRevoked {
		t.Errorf("SessionEndReason() = %q, want %q", got, hiregate.MsgSessionRevoked)
	}
	if got := client.SessionEndReason(errors.New("other")); got != "" {
		t.Errorf("SessionEndReason(other) = %q, want \"\"", got)
	}
}

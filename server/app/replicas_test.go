package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/totp"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// replica is one in-process server of a multi-replica deployment: its own
// data directory (so its own signing key), the shared database, real HTTP.
type replica struct {
	name string
	app  *app.App
}

func openReplica(t *testing.T, name, dbURL string, demo bool) *replica {
	t.Helper()
	cfg := app.TestConfig(t.TempDir())
	cfg.DatabaseURL = config.NewDatabaseURL(dbURL)
	cfg.MFAKey = config.NewSecret([]byte(testMFAKey))
	cfg.Demo = demo
	a, err := app.Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("Open(replica %s) = %v", name, err)
	}
	t.Cleanup(func() { a.Close() })
	return &replica{name: name, app: a}
}

// do sends one request and decodes a JSON answer into out (when not nil).
func (r *replica) do(t *testing.T, method, path, token string, body any, out any) int {
	t.Helper()
	var rd *bytes.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case url.Values:
		rd, contentType = bytes.NewReader([]byte(b.Encode())), "application/x-www-form-urlencoded"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, r.app.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s on %s: %v", method, path, r.name, err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func (r *replica) login(t *testing.T, email, password string) (int, *hiregate.TokenResponse, hiregate.ErrorBody) {
	t.Helper()
	var raw json.RawMessage
	code := r.do(t, http.MethodPost, "/auth/login", "", url.Values{
		"grant_type": {hiregate.GrantPassword}, "username": {email}, "password": {password},
	}, &raw)
	var tok hiregate.TokenResponse
	var eb hiregate.ErrorBody
	_ = json.Unmarshal(raw, &tok)
	_ = json.Unmarshal(raw, &eb)
	return code, &tok, eb
}

func (r *replica) mustLogin(t *testing.T, email string) *hiregate.TokenResponse {
	t.Helper()
	code, tok, eb := r.login(t, email, seed.DemoPassword)
	if code != http.StatusOK {
		t.Fatalf("login %s on %s = %d %+v, want 200", email, r.name, code, eb)
	}
	return tok
}

func (r *replica) refresh(t *testing.T, refreshToken string) (int, *hiregate.TokenResponse, hiregate.ErrorBody) {
	t.Helper()
	var raw json.RawMessage
	code := r.do(t, http.MethodPost, "/auth/login", "", url.Values{
		"grant_type": {hiregate.GrantRefreshToken}, "refresh_token": {refreshToken},
	}, &raw)
	var tok hiregate.TokenResponse
	var eb hiregate.ErrorBody
	_ = json.Unmarshal(raw, &tok)
	_ = json.Unmarshal(raw, &eb)
	return code, &tok, eb
}

// me is GET /users/me with token; its status says whether the token works.
func (r *replica) me(t *testing.T, token string) int {
	t.Helper()
	return r.do(t, http.MethodGet, "/users/me", token, nil, nil)
}

func wantStatus(t *testing.T, what string, got, want int) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %d, want %d", what, got, want)
	}
}

// twoReplicas starts A (which seeds the demo data) and B on one fresh
// PostgreSQL database.
func twoReplicas(t *testing.T) (a, b *replica) {
	dbURL := pgtest.URL(t)
	a = openReplica(t, "A", dbURL, true)
	b = openReplica(t, "B", dbURL, false)
	return a, b
}

// TestReplicasShareState runs each row of docs/SCALING.md on two replicas:
// whatever one replica does, the other sees on its very next request.
func TestReplicasShareState(t *testing.T) {
	a, b := twoReplicas(t)

	t.Run("login on A, call on B", func(t *testing.T) {
		tok := a.mustLogin(t, seed.CandidateEmail)
		wantStatus(t, "GET /users/me on B with A's token", b.me(t, tok.AccessToken), http.StatusOK)
	})

	t.Run("logout on A is 401 on B", func(t *testing.T) {
		tok := a.mustLogin(t, seed.CandidateEmail)
		// Twice: the second is answered from B's session state cache.
		wantStatus(t, "GET /users/me on B before logout", b.me(t, tok.AccessToken), http.StatusOK)
		wantStatus(t, "GET /users/me on B before logout, again", b.me(t, tok.AccessToken), http.StatusOK)
		wantStatus(t, "POST /auth/logout on A", a.do(t, http.MethodPost, "/auth/logout", tok.AccessToken, nil, nil), http.StatusNoContent)
		wantStatus(t, "GET /users/me on B after logout on A", b.me(t, tok.AccessToken), http.StatusUnauthorized)
	})

	t.Run("logout-all on B is 401 on A", func(t *testing.T) {
		one, two := a.mustLogin(t, seed.Candidate2Email), b.mustLogin(t, seed.Candidate2Email)
		wantStatus(t, "POST /auth/logout-all on B", b.do(t, http.MethodPost, "/auth/logout-all", two.AccessToken, nil, nil), http.StatusNoContent)
		wantStatus(t, "GET /users/me on A after logout-all on B", a.me(t, one.AccessToken), http.StatusUnauthorized)
		wantStatus(t, "GET /users/me on A with B's token", a.me(t, two.AccessToken), http.StatusUnauthorized)
	})

	t.Run("a job created on A is found by search on B", func(t *testing.T) {
		rec := a.mustLogin(t, seed.RecruiterEmail)
		var job hiregate.Job
		code := a.do(t, http.MethodPost, "/jobs", rec.AccessToken, hiregate.CreateJobRequest{
			Title: "Replicated zymurgist", Description: "Brews across replicas", Location: "Remote", EmploymentType: hiregate.FullTime,
		}, &job)
		wantStatus(t, "POST /jobs on A", code, http.StatusCreated)
		cand := b.mustLogin(t, seed.CandidateEmail)
		var list hiregate.List[hiregate.Job]
		wantStatus(t, "GET /jobs?q= on B", b.do(t, http.MethodGet, "/jobs?q="+url.QueryEscape("replicated zymur"), cand.AccessToken, nil, &list), http.StatusOK)
		if len(list.Items) != 1 || list.Items[0].ID != job.ID {
			t.Fatalf("search on B = %+v, want only job %s", list.Items, job.ID)
		}
	})

	t.Run("a job board page cached on B shows a job posted on A next", func(t *testing.T) {
		cand := b.mustLogin(t, seed.CandidateEmail)
		rec := a.mustLogin(t, seed.RecruiterEmail)
		for i := range 3 {
			// B's page cache holds the first page after the first GET.
			for range 2 {
				wantStatus(t, "GET /jobs on B", b.do(t, http.MethodGet, "/jobs", cand.AccessToken, nil, nil), http.StatusOK)
			}
			var job hiregate.Job
			code := a.do(t, http.MethodPost, "/jobs", rec.AccessToken, hiregate.CreateJobRequest{
				Title: "Cached cooper " + string(rune('A'+i)), Description: "Barrels", Location: "Remote", EmploymentType: hiregate.FullTime,
			}, &job)
			wantStatus(t, "POST /jobs on A", code, http.StatusCreated)
			var list hiregate.List[hiregate.Job]
			wantStatus(t, "GET /jobs on B", b.do(t, http.MethodGet, "/jobs", cand.AccessToken, nil, &list), http.StatusOK)
			if len(list.Items) == 0 || list.Items[0].ID != job.ID {
				t.Fatalf("GET /jobs on B right after POST /jobs on A: first item %+v, want job %s", list.Items[:min(1, len(list.Items))], job.ID)
			}
		}
	})

	t.Run("one refresh token on A and B at once", func(t *testing.T) {
		tok := a.mustLogin(t, seed.Candidate3Email)
		type result struct {
			code int
			tok  *hiregate.TokenResponse
			eb   hiregate.ErrorBody
		}
		results := make([]result, 2)
		var start, wg sync.WaitGroup
		start.Add(1)
		for i, r := range []*replica{a, b} {
			wg.Go(func() {
				start.Wait()
				code, nt, eb := r.refresh(t, tok.RefreshToken)
				results[i] = result{code, nt, eb}
			})
		}
		start.Done()
		wg.Wait()
		codes := []int{results[0].code, results[1].code}
		slices.Sort(codes)
		if codes[0] != http.StatusOK || codes[1] != http.StatusUnauthorized {
			t.Fatalf("refresh on A and B = %d and %d, want one 200 and one 401", results[0].code, results[1].code)
		}
		var won result
		for _, res := range results {
			if res.code == http.StatusOK {
				won = res
			} else if res.eb.Error != hiregate.OAuthInvalidGrant {
				t.Fatalf("losing refresh error = %q, want %q", res.eb.Error, hiregate.OAuthInvalidGrant)
			}
		}
		// Reuse of a spent token is theft: the whole session is gone,
		// including what the winner was given.
		for _, r := range []*replica{a, b} {
			wantStatus(t, "GET /users/me on "+r.name+" with the winner's access token", r.me(t, won.tok.AccessToken), http.StatusUnauthorized)
			code, _, eb := r.refresh(t, won.tok.RefreshToken)
			if code != http.StatusUnauthorized || eb.Error != hiregate.OAuthInvalidGrant {
				t.Fatalf("refresh with the winner's token on %s = %d %q, want 401 %q", r.name, code, eb.Error, hiregate.OAuthInvalidGrant)
			}
		}
	})

	t.Run("deactivation and role change on A reject the old token on B", func(t *testing.T) {
		adm := a.mustLogin(t, seed.AdminEmail)
		userID := func(email string, tok string) string {
			var u hiregate.User
			wantStatus(t, "GET /users/me on B", b.do(t, http.MethodGet, "/users/me", tok, nil, &u), http.StatusOK)
			return u.ID
		}
		f := false
		role := hiregate.RoleCandidate
		for _, tc := range []struct {
			email  string
			change hiregate.UpdateUserRequest
		}{
			{seed.Candidate3Email, hiregate.UpdateUserRequest{Active: &f}},
			{seed.Recruiter2Email, hiregate.UpdateUserRequest{Role: &role}},
		} {
			tok := b.mustLogin(t, tc.email)
			id := userID(tc.email, tok.AccessToken)
			wantStatus(t, "PATCH /admin/users/"+tc.email+" on A",
				a.do(t, http.MethodPatch, "/admin/users/"+id, adm.AccessToken, tc.change, nil), http.StatusOK)
			wantStatus(t, "GET /users/me on B after the change on A ("+tc.email+")", b.me(t, tok.AccessToken), http.StatusUnauthorized)
		}
	})
}

// TestReplicasShareLoginThrottle spreads wrong passwords for one account
// over two replicas: the limit (10) counts them all, not per replica.
func TestReplicasShareLoginThrottle(t *testing.T) {
	a, b := twoReplicas(t)
	limit := config.Default().LoginAccountLimit
	if limit != 10 {
		t.Fatalf("default account limit = %d, want 10 (the limit API.md promises across replicas)", limit)
	}
	var codes []int
	for i := range 12 {
		r := a
		if i%2 == 1 {
			r = b
		}
		code, _, _ := r.login(t, seed.RecruiterEmail, "wrong password")
		codes = append(codes, code)
	}
	for i, code := range codes {
		want := http.StatusUnauthorized
		if i >= limit {
			want = http.StatusTooManyRequests
		}
		if code != want {
			t.Fatalf("wrong password #%d (alternating A, B) = %d, want %d; all: %v", i+1, code, want, codes)
		}
	}
	// The right password is throttled too, on either replica.
	if code, _, _ := b.login(t, seed.RecruiterEmail, seed.DemoPassword); code != http.StatusTooManyRequests {
		t.Fatalf("right password after 12 wrong ones = %d, want 429", code)
	}
}

// TestReplicasShareKeyRotation rotates the signing keys once (as
// `hiregate keys rotate --database-url` does) and checks that a token A
// signs with its new key verifies on B and that both publish one JWKS.
func TestReplicasShareKeyRotation(t *testing.T) {
	a, b := twoReplicas(t)
	// A started first and hears of B's key by NOTIFY.
	before := sameJWKS(t, a, b, 2)

	sk, ok := a.app.Store().(store.SigningKeys)
	if !ok {
		t.Fatal("the PostgreSQL store does not share signing keys")
	}
	cfg := config.Default()
	n, err := auth.RotateSharedKeys(context.Background(), sk, time.Now(), cfg.AccessTTL, auth.DefaultLeeway)
	if err != nil || n != 2 {
		t.Fatalf("RotateSharedKeys = %d, %v, want 2 keys retired", n, err)
	}

	// Each replica hears of the rotation by NOTIFY and makes a new key:
	// two retiring, two new.
	sameJWKS(t, a, b, 4)

	tok := a.mustLogin(t, seed.CandidateEmail)
	kid := tokenKid(t, tok.AccessToken)
	if slices.Contains(before, kid) {
		t.Fatalf("A signs with kid %s after rotation, one of the retired %v", kid, before)
	}
	wantStatus(t, "GET /users/me on B with A's token signed by its new key", b.me(t, tok.AccessToken), http.StatusOK)
}

// sameJWKS waits (bounded) until both replicas publish the same n keys,
// and returns their kids.
func sameJWKS(t *testing.T, a, b *replica, n int) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ka, kb := jwksKids(t, a), jwksKids(t, b)
		if len(ka) == n && slices.Equal(ka, kb) {
			return ka
		}
		if time.Now().After(deadline) {
			t.Fatalf("JWKS: A %v, B %v; want the same %d keys", ka, kb, n)
		}
		time.Sleep(20 * time.Millisecond) // waiting on a NOTIFY another goroutine handles, not on a clock
	}
}

func jwksKids(t *testing.T, r *replica) []string {
	t.Helper()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	wantStatus(t, "GET /.well-known/jwks.json on "+r.name, r.do(t, http.MethodGet, "/.well-known/jwks.json", "", nil, &set), http.StatusOK)
	var kids []string
	for _, k := range set.Keys {
		kids = append(kids, k.Kid)
	}
	slices.Sort(kids)
	return kids
}

func tokenKid(t *testing.T, jwt string) string {
	t.Helper()
	head, _, _ := strings.Cut(jwt, ".")
	raw, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		t.Fatalf("token header: %v", err)
	}
	var h struct {
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatalf("token header: %v", err)
	}
	return h.Kid
}

// testMFAKey is every replica's HIREGATE_MFA_KEY in these tests.
const testMFAKey = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="

// TestReplicasShareSecondFactor: a second factor enrolled through A works
// through B, an mfa_token from B finishes on A, and a code used on one is
// refused on the other.
func TestReplicasShareSecondFactor(t *testing.T) {
	a, b := twoReplicas(t)
	tok := a.mustLogin(t, seed.RecruiterEmail)
	var en hiregate.TOTPEnrollment
	wantStatus(t, "POST /users/me/mfa/totp on A", a.do(t, http.MethodPost, "/users/me/mfa/totp", tok.AccessToken, nil, &en), http.StatusOK)
	code, err := totp.Code(en.Secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "confirm on B", b.do(t, http.MethodPost, "/users/me/mfa/totp/confirm", tok.AccessToken, hiregate.CodeRequest{Code: code}, nil), http.StatusOK)

	status, _, eb := b.login(t, seed.RecruiterEmail, seed.DemoPassword)
	if status != http.StatusForbidden || eb.Error != hiregate.OAuthMFARequired || eb.MFAToken == "" {
		t.Fatalf("password on B = %d %+v, want 403 mfa_required", status, eb)
	}
	// The next step's code: the confirming one is spent.
	next, _ := totp.Code(en.Secret, time.Now().Add(hiregate.TOTPPeriod))
	mfa := func(r *replica, mfaToken string) int {
		return r.do(t, http.MethodPost, "/auth/login", "", url.Values{
			"grant_type": {hiregate.GrantMFAOTP}, "mfa_token": {mfaToken}, "otp": {next},
		}, nil)
	}
	wantStatus(t, "mfa-otp on A with B's mfa_token", mfa(a, eb.MFAToken), http.StatusOK)
	_, _, eb2 := a.login(t, seed.RecruiterEmail, seed.DemoPassword)
	wantStatus(t, "the same code again on B", mfa(b, eb2.MFAToken), http.StatusUnauthorized)
}

func TestOpenRefusesDatabaseWithoutMFAKey(t *testing.T) {
	cfg := app.TestConfig(t.TempDir())
	cfg.DatabaseURL = config.NewDatabaseURL("postgres://hiregate@127.0.0.1:1/hiregate")
	_, err := app.Open(context.Background(), cfg, nil)
	if err == nil || !strings.Contains(err.Error(), config.EnvMFAKey) {
		t.Fatalf("Open(--database-url without %s) = %v, want an error naming it", config.EnvMFAKey, err)
	}
}

package app_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/version"
)

// syncBuffer collects the server's logs, written from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func logger() (*slog.Logger, *syncBuffer) {
	var b syncBuffer
	return slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), &b
}

func mustOpen(t *testing.T, ctx context.Context, cfgDir string) *app.App {
	t.Helper()
	a, err := app.Open(ctx, app.TestConfig(cfgDir), nil)
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// openDB opens the SQLite store app.Open uses in dir; the caller closes it.
func openDB(t *testing.T, dir string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// storeAfterOpen runs app.Open on dir once, for what it does at start-up,
// and returns the store reopened (closed when the test ends).
func storeAfterOpen(t *testing.T, ctx context.Context, dir string) *sqlite.DB {
	t.Helper()
	a := mustOpen(t, ctx, dir)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, dir)
	t.Cleanup(func() { db.Close() })
	return db
}

func get(t *testing.T, client *http.Client, u string) (int, map[string]any) {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatalf("GET %s error = %v", u, err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET %s body: %v", u, err)
	}
	return resp.StatusCode, body
}

func TestOpenServesAndCloses(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	a := mustOpen(t, ctx, dir)

	if !strings.HasPrefix(a.URL(), "http://127.0.0.1:") || strings.HasSuffix(a.URL(), ":0") {
		t.Errorf("URL() = %q, want http://127.0.0.1:<port>", a.URL())
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := get(t, http.DefaultClient, a.URL()+path); code != http.StatusOK {
			t.Errorf("GET %s = %d %v, want 200", path, code, body)
		}
	}
	if _, body := get(t, http.DefaultClient, a.URL()+"/healthz"); body["status"] != "ok" || body["version"] != version.Get().String() || body["api_version"] != float64(hiregate.APIMajor) {
		t.Errorf("GET /healthz = %v, want status ok, version %q, api_version %d", body, version.Get().String(), hiregate.APIMajor)
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("data dir mode = %v (%v), want 0700", fi.Mode().Perm(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, app.DBFile)); err != nil {
		t.Errorf("database file: %v", err)
	}
	if a.Auth() == nil || a.Store() == nil {
		t.Fatal("Auth() or Store() is nil")
	}

	if err := a.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	if err := a.Close(); err != nil {
		t.Errorf("second Close() = %v, want nil", err)
	}
	if _, err := http.Get(a.URL() + "/healthz"); err == nil {
		t.Error("GET /healthz after Close() succeeded, want a refused connection")
	}
	if err := a.Store().Ping(ctx); err == nil {
		t.Error("Store().Ping() after Close() = nil, want the database closed")
	}
}

// TestCloseDrainsInFlightRequests holds a registration request open in its
// handler (the server has asked for the body with 100 Continue), closes the
// app, and only then sends the body: the request must still complete, with
// the database still open, and Close must wait for it.
func TestCloseDrainsInFlightRequests(t *testing.T) {
	a := mustOpen(t, context.Background(), t.TempDir())
	addr := a.Addr().String()

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"email":"late@example.com","password":"late-password","full_name":"Late Comer"}`
	fmt.Fprintf(conn, "POST /auth/register HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, len(body))
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	if err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("read interim response = %q, %v; want 100 Continue", line, err)
	}
	if _, err := br.ReadString('\n'); err != nil {
		t.Fatal(err)
	}

	closed := make(chan error, 1)
	go func() { closed <- a.Close() }()
	// Shutdown closes the listener first: once dialling fails it has begun.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener is still open 10s after Close()")
		}
	}
	select {
	case err := <-closed:
		t.Fatalf("Close() = %v before the in-flight request finished", err)
	default:
	}

	if _, err := io.WriteString(conn, body); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("in-flight request: %v", err)
	}
	respBody, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("in-flight POST /auth/register = %d %s, want 201", resp.StatusCode, respBody)
	}
	if err := <-closed; err != nil {
		t.Errorf("Close() = %v, want nil", err)
	}
}

// TestCloseGivesUp checks that a request that never finishes cannot hold
// shutdown past its timeout, and that cutting it is reported, not failed.
func TestCloseGivesUp(t *testing.T) {
	cfg := app.TestConfig(t.TempDir())
	cfg.ShutdownTimeout = time.Second
	log, logs := logger()
	a, err := app.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", a.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
	if line, err := bufio.NewReader(conn).ReadString('\n'); err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("read interim response = %q, %v", line, err)
	}
	start := time.Now()
	// Cutting a request at the operator's deadline is the shutdown doing
	// its job: no error (the process exits 0), and the cut is counted.
	if err := a.Close(); err != nil {
		t.Errorf("Close() = %v, want nil after cutting the request", err)
	}
	if got := logs.String(); !strings.Contains(got, "requests_cut=1") {
		t.Errorf("shutdown logs = %q, want requests_cut=1", got)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Close() took %s, want about the 1s timeout", took)
	}
	if err := a.Store().Ping(context.Background()); err == nil {
		t.Error("database still open after a forced Close()")
	}
}

func TestDemoSeedsOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := app.TestConfig(dir)
	cfg.Demo = true
	log, logs := logger()

	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"username": {seed.RecruiterEmail}, "password": {seed.DemoPassword}}
	resp, err := http.PostForm(a.URL()+"/auth/login", form)
	if err != nil {
		t.Fatal(err)
	}
	var tok hiregate.TokenResponse
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || err != nil || tok.AccessToken == "" {
		t.Fatalf("demo login = %d %+v %v, want 200 with a token", resp.StatusCode, tok, err)
	}
	jobs, _, err := a.Store().ListJobs(ctx, hiregate.JobFilter{Limit: hiregate.MaxPageLimit})
	if err != nil || len(jobs) == 0 {
		t.Fatalf("ListJobs() = %d, %v; want demo jobs", len(jobs), err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	b, err := app.Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	again, _, err := b.Store().ListJobs(ctx, hiregate.JobFilter{Limit: hiregate.MaxPageLimit})
	if err != nil || len(again) != len(jobs) {
		t.Errorf("after a restart ListJobs() = %d, %v; want %d", len(again), err, len(jobs))
	}
	if n, err := b.Store().CountUsers(ctx); err != nil || n != len(seed.Accounts) {
		t.Errorf("after a restart CountUsers() = %d, %v; want %d", n, err, len(seed.Accounts))
	}
	if !strings.Contains(logs.String(), "seeded demo data") || !strings.Contains(logs.String(), "demo data not seeded") {
		t.Errorf("logs do not tell whether demo data was seeded:\n%s", logs)
	}
	if strings.Contains(logs.String(), seed.DemoPassword) || strings.Contains(logs.String(), tok.AccessToken) {
		t.Error("logs contain a password or a token")
	}
}

// TestOpenPrunesOldLoginAttempts leaves an attempt older than the login
// window in the database; after Open it no longer counts.
func TestOpenPrunesOldLoginAttempts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openDB(t, dir)
	old := time.Now().Add(-2 * hiregate.LoginWindow)
	limit := []store.Limit{{Key: "acct:old@example.com", Max: 1, Window: 24 * time.Hour}}
	if _, err := db.ReserveAttempts(ctx, limit, old); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReserveAttempts(ctx, limit, old.Add(time.Second)); hiregate.ErrorCode(err) != hiregate.ETHROTTLED {
		t.Fatalf("second ReserveAttempts() = %v, want throttled (the test needs the attempt to count)", err)
	}
	db.Close()

	db = storeAfterOpen(t, ctx, dir)
	if _, err := db.ReserveAttempts(ctx, limit, old.Add(time.Second)); err != nil {
		t.Errorf("ReserveAttempts() after Open = %v, want the old attempt pruned", err)
	}
}

// TestOpenPrunesExpiredMFATokens leaves the mfa_token of a login never
// finished; after Open it is gone.
func TestOpenPrunesExpiredMFATokens(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openDB(t, dir)
	u := &hiregate.User{Email: "rec@example.com", FullName: "R", Role: hiregate.RoleRecruiter, Active: true}
	if err := db.CreateUser(ctx, u, "hash"); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateMFAToken(ctx, "h", u.ID, time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = storeAfterOpen(t, ctx, dir)
	if n, err := db.PruneMFATokens(ctx, time.Now().Add(time.Hour)); n != 0 || err != nil {
		t.Errorf("PruneMFATokens() after Open = %d, %v, want 0 (already pruned)", n, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	tests := []struct {
		name string
		mod  func(c *config.Config)
		want string
	}{
		{"InvalidSetting", func(c *config.Config) { c.BcryptCost = 99 }, "invalid --bcrypt-cost (HIREGATE_BCRYPT_COST): 99 is outside 4..31"},
		{"DataDirIsAFile", func(c *config.Config) { c.DataDir = file }, "data director"},
		{"PortInUse", func(c *config.Config) { c.Addr = busy.Addr().String() }, "listen on " + busy.Addr().String()},
		{"BadTLSFiles", func(c *config.Config) { c.TLSCert, c.TLSKey = file, file }, "load TLS certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := app.TestConfig(t.TempDir())
			tt.mod(&cfg)
			a, err := app.Open(ctx, cfg, nil)
			if err == nil {
				a.Close()
				t.Fatalf("Open() = nil error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open() error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestWarnsAboutPlainHTTPOffLoopback(t *testing.T) {
	tests := []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:0", false},
		{"0.0.0.0:0", true},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			cfg := app.TestConfig(t.TempDir())
			cfg.Addr = tt.addr
			log, logs := logger()
			a, err := app.Open(context.Background(), cfg, log)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if got := strings.Contains(logs.String(), "level=WARN msg=\"serving plain HTTP"); got != tt.warn {
				t.Errorf("warned = %v, want %v; logs:\n%s", got, tt.warn, logs)
			}
			if !strings.HasPrefix(a.URL(), "http://127.0.0.1:") {
				t.Errorf("URL() = %q, want it reachable through loopback", a.URL())
			}
			if code, _ := get(t, http.DefaultClient, a.URL()+"/healthz"); code != http.StatusOK {
				t.Errorf("GET /healthz = %d", code)
			}
		})
	}
}

func TestTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	cfg := app.TestConfig(filepath.Join(dir, "data"))
	cfg.TLSCert, cfg.TLSKey = certFile, keyFile
	cfg.Addr = "0.0.0.0:0" // no plain-HTTP warning with TLS on
	log, logs := logger()
	a, err := app.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !strings.HasPrefix(a.URL(), "https://127.0.0.1:") {
		t.Errorf("URL() = %q, want https", a.URL())
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer client.CloseIdleConnections()
	if code, _ := get(t, client, a.URL()+"/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz over TLS = %d", code)
	}
	if resp, err := http.Get(strings.Replace(a.URL(), "https", "http", 1) + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP request to the TLS server succeeded")
		}
	}
	if strings.Contains(logs.String(), "plain HTTP") {
		t.Errorf("warned about plain HTTP while serving TLS:\n%s", logs)
	}
}

func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "hiregate test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestClock checks that WithClock reaches the tokens: an access token
// stops working once the clock passes its lifetime.
func TestClock(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	cfg := app.TestConfig(t.TempDir())
	cfg.Demo = true
	a, err := app.Open(context.Background(), cfg, nil, app.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	resp, err := http.PostForm(a.URL()+"/auth/login", url.Values{"username": {seed.CandidateEmail}, "password": {seed.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	var tok hiregate.TokenResponse
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil || tok.AccessToken == "" {
		t.Fatalf("login = %d %v", resp.StatusCode, err)
	}
	me := func() int {
		req, _ := http.NewRequest(http.MethodGet, a.URL()+"/users/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := me(); code != http.StatusOK {
		t.Fatalf("GET /users/me with a fresh token = %d, want 200", code)
	}
	mu.Lock()
	now = now.Add(cfg.AccessTTL + time.Minute)
	mu.Unlock()
	if code := me(); code != http.StatusUnauthorized {
		t.Errorf("GET /users/me after the access TTL = %d, want 401", code)
	}
}

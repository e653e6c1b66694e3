package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/version"
	"github.com/hiregate/hiregate/tui/clientconfig"
)

// isolate points os.UserConfigDir at a fresh directory and returns where
// the client's file will be.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("AppData", dir)
	p, err := clientconfig.Path()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVersionFlag(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"--version"}, func(string) string { return "" }, &out, &errb)
	if want := "hiregate-tui " + version.Get().String() + "\n"; code != 0 || out.String() != want {
		t.Errorf("run(--version) = %d %q %q, want 0 and %q", code, out.String(), errb.String(), want)
	}
}

// TestServerIsRememberedWithoutTokens signs in through a client set up
// with --server against a real server, then checks that the remembered
// file names the server and holds none of the session's tokens.
func TestServerIsRememberedWithoutTokens(t *testing.T) {
	cfgPath := isolate(t)
	ctx := context.Background()
	a, err := app.Open(ctx, app.TestConfig(t.TempDir()), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	noEnv := func(string) string { return "" }

	uictx, c, code, ok := setup([]string{"--server", a.URL()}, noEnv, io.Discard, io.Discard)
	if !ok || uictx.Server != a.URL() || !strings.Contains(uictx.Version, "hiregate-tui") {
		t.Fatalf("setup(--server) = %v %d, server %q", ok, code, uictx.Server)
	}
	if _, err := c.Register(ctx, hiregate.RegisterRequest{Email: "rita@example.com", Password: "rita-password", FullName: "Rita"}); err != nil {
		t.Fatal(err)
	}
	tok, err := c.Login(ctx, "rita@example.com", "rita-password")
	if err != nil {
		t.Fatal(err)
	}

	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatalf("the server was not remembered: %v", err)
	}
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken, "rita-password", "rita@example.com"} {
		if secret != "" && bytes.Contains(b, []byte(secret)) {
			t.Errorf("config file %s holds a credential or account: %s", cfgPath, b)
		}
	}
	if want := "{\n  \"server\": \"" + a.URL() + "\"\n}\n"; string(b) != want {
		t.Errorf("config file = %q, want %q", b, want)
	}

	// Next start: no flag, the remembered server.
	uictx, _, _, ok = setup(nil, noEnv, io.Discard, io.Discard)
	if !ok || uictx.Server != a.URL() {
		t.Errorf("setup() after --server = %q, want the remembered %q", uictx.Server, a.URL())
	}
	// The environment wins, and is not remembered.
	uictx, _, _, ok = setup(nil, func(k string) string {
		if k == clientconfig.EnvServer {
			return "http://localhost:9999"
		}
		return ""
	}, io.Discard, io.Discard)
	if !ok || uictx.Server != "http://localhost:9999" {
		t.Errorf("setup() with %s = %q", clientconfig.EnvServer, uictx.Server)
	}
	if b2, _ := os.ReadFile(cfgPath); !bytes.Equal(b, b2) {
		t.Errorf("the environment's server was written to the file: %s", b2)
	}
}

func TestBrokenConfigFileIsReportedNotFatal(t *testing.T) {
	cfgPath := isolate(t)
	if err := os.MkdirAll(filepath.Dir(cfgPath), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	uictx, _, _, ok := setup(nil, func(string) string { return "" }, io.Discard, &errb)
	if !ok || uictx.Server != DefaultServer || !strings.Contains(errb.String(), "ignoring the remembered server") {
		t.Errorf("setup() with a broken file = %v %q %q, want the default server and a warning", ok, uictx.Server, errb.String())
	}
}

func TestAPIWarning(t *testing.T) {
	isolate(t)
	tests := []struct {
		name, body string
		warn       bool
	}{
		{"Same", `{"status":"ok","version":"v1","api_version":1}`, false},
		{"OlderServer", `{"status":"ok"}`, false},
		{"NewerMajor", `{"status":"ok","version":"v2","api_version":2}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			_, c, _, ok := setup([]string{"--server", srv.URL}, func(string) string { return "" }, io.Discard, io.Discard)
			if !ok {
				t.Fatal("setup failed")
			}
			got := apiWarning(context.Background(), c)
			if (got != "") != tt.warn {
				t.Errorf("apiWarning(%s) = %q, want a warning: %v", tt.body, got, tt.warn)
			}
		})
	}
}

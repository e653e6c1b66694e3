package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hiregate/hiregate/server/app"
	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/cli"
	"github.com/hiregate/hiregate/server/seed"
	"github.com/hiregate/hiregate/server/sqlite"
)

const testSecret = "this-is-a-test-secret-of-enough-bytes-0123456789"

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// cheap is the environment of every test: bcrypt at its minimum cost.
func cheap(extra ...string) func(string) string {
	m := map[string]string{"HIREGATE_BCRYPT_COST": "4"}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return env(m)
}

type result struct {
	code           int
	stdout, stderr string
}

func runWith(t *testing.T, getenv func(string) string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, cli.System{Getenv: getenv, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return result{code, out.String(), errb.String()}
}

func TestUserCreate(t *testing.T) {
	dir := t.TempDir()
	r := runWith(t, cheap(), "s3cret-password\n", "user", "create", "--data", dir, "--email", " Boss@Example.com ", "--name", "The Boss")
	if r.code != 0 {
		t.Fatalf("user create = %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "created admin boss@example.com (The Boss)") {
		t.Errorf("stdout = %q, want the created admin", r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, "s3cret-password") {
		t.Error("the password was echoed")
	}

	// The account logs in with the password read from stdin.
	db, err := sqlite.Open(filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc, err := auth.New(auth.Config{KeyDir: dir, BcryptCost: 4}, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(context.Background(), "boss@example.com", "s3cret-password", caller.ClientInfo{IP: "127.0.0.1"}); err != nil {
		t.Errorf("Login with the stdin password = %v", err)
	}
	u, err := db.UserByEmail(context.Background(), "boss@example.com")
	if err != nil || u.Role != "admin" {
		t.Errorf("user = %+v, %v; want an admin", u, err)
	}

	// A Windows line ending and no final newline are both one password;
	// HIREGATE_DATA is used without --data.
	r = runWith(t, cheap("HIREGATE_DATA", dir), "crlf-password\r\n", "user", "create", "--email", "r@example.com", "--name", "R", "--role", "recruiter")
	if r.code != 0 || !strings.Contains(r.stdout, "created recruiter r@example.com") {
		t.Fatalf("user create (env data dir) = %d %q %q", r.code, r.stdout, r.stderr)
	}
	if _, err := svc.Login(context.Background(), "r@example.com", "crlf-password", caller.ClientInfo{IP: "127.0.0.1"}); err != nil {
		t.Errorf("Login with the CRLF password = %v", err)
	}

	r = runWith(t, cheap(), "another-password\n", "user", "create", "--data", dir, "--email", "boss@example.com", "--name", "Again")
	if r.code != 1 || !strings.Contains(r.stderr, "email already registered") {
		t.Errorf("duplicate user create = %d %q, want 1 and the conflict", r.code, r.stderr)
	}
}

func TestUserCreateRejects(t *testing.T) {
	dir := t.TempDir()
	base := []string{"user", "create", "--data", dir}
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"NoEmail", []string{"--name", "N"}, "password1\n", "--email is required"},
		{"NoEmailNoName", nil, "password1\n", "--email and --name are required"},
		{"BadRole", []string{"--email", "a@example.com", "--name", "N", "--role", "root"}, "password1\n", `invalid --role: "root" is not one of candidate, recruiter, admin`},
		{"BadEmail", []string{"--email", "not-an-email", "--name", "N"}, "password1\n", "invalid --email: not a valid email address"},
		{"ShortPassword", []string{"--email", "a@example.com", "--name", "N"}, "short\n", "invalid password (stdin): must be at least 8 characters"},
		{"LongPassword", []string{"--email", "a@example.com", "--name", "N"}, strings.Repeat("x", 73) + "\n", "invalid password (stdin): must be at most 72 bytes"},
		{"NoPassword", []string{"--email", "a@example.com", "--name", "N"}, "", "no password on stdin"},
		{"PasswordFlag", []string{"--email", "a@example.com", "--name", "N", "--password", "password1"}, "", "flag provided but not defined: -password"},
		{"StrayArgument", []string{"--email", "a@example.com", "--name", "N", "extra"}, "password1\n", `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runWith(t, cheap(), tt.stdin, append(base, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("run = %d %q, want 2 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
}

func TestBadSettings(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		getenv func(string) string
		want   string
	}{
		{"FlagOutOfRange", []string{"--bcrypt-cost", "40"}, env(nil), "invalid --bcrypt-cost (HIREGATE_BCRYPT_COST): 40 is outside 4..31"},
		{"EnvOutOfRange", nil, env(map[string]string{"HIREGATE_BCRYPT_COST": "40"}), "invalid --bcrypt-cost (HIREGATE_BCRYPT_COST): 40 is outside 4..31"},
		{"UnknownFlag", []string{"--nope"}, env(nil), "flag provided but not defined: -nope"},
		{"ServeSubcommand", []string{"serve", "--log-format", "xml"}, env(nil), `invalid --log-format (HIREGATE_LOG_FORMAT): "xml" is not one of text, json`},
		{"UnknownCommand", []string{"frobnicate"}, env(nil), `unknown command "frobnicate"`},
		{"UnknownSubcommand", []string{"user", "delete"}, env(nil), `unknown command "user delete"; want "user create or user mfa-reset"`},
		{"UserCreateBadEnv", []string{"user", "create", "--email", "a@example.com", "--name", "N"}, env(map[string]string{"HIREGATE_JWT_ALG": "RS256"}), `invalid --jwt-alg (HIREGATE_JWT_ALG): "RS256"`},
		{"KeysRotateHS256", []string{"keys", "rotate", "--data", "x"}, env(map[string]string{"HIREGATE_JWT_ALG": "HS256", "HIREGATE_JWT_SECRET": testSecret}), "--jwt-alg is HS256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runWith(t, tt.getenv, "password1\n", tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("Run(%q) = %d %q, want 2 and %q", tt.args, r.code, r.stderr, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"serve", "-h"}} {
		r := runWith(t, env(nil), "", args...)
		if r.code != 0 || !strings.Contains(r.stdout, "user create") || !strings.Contains(r.stdout, "HIREGATE_BCRYPT_COST") {
			t.Errorf("Run(%q) = %d %q, want 0 and the usage", args, r.code, r.stdout)
		}
	}
}

func TestKeysRotate(t *testing.T) {
	dir := t.TempDir()
	var kids []string
	for range 2 {
		r := runWith(t, env(nil), "", "keys", "rotate", "--data", dir)
		if r.code != 0 {
			t.Fatalf("keys rotate = %d %q", r.code, r.stderr)
		}
		f := strings.Fields(r.stdout)
		if len(f) < 4 || f[0] != "created" {
			t.Fatalf("stdout = %q", r.stdout)
		}
		kids = append(kids, f[3])
	}
	if kids[0] == kids[1] {
		t.Errorf("two rotations made the same kid %s", kids[0])
	}
	entries, err := os.ReadDir(filepath.Join(dir, "keys"))
	if err != nil || len(entries) != 2 {
		t.Fatalf("keys dir has %d entries (%v), want 2", len(entries), err)
	}
	for _, e := range entries {
		if !strings.Contains(e.Name(), kids[0]) && !strings.Contains(e.Name(), kids[1]) {
			t.Errorf("key file %s matches neither kid %q", e.Name(), kids)
		}
	}
}

func TestConfigCommandRedacts(t *testing.T) {
	r := runWith(t, env(map[string]string{"HIREGATE_JWT_SECRET": testSecret}), "", "config", "--jwt-alg", "HS256", "--addr", "127.0.0.1:9999")
	if r.code != 0 {
		t.Fatalf("config = %d %q", r.code, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, testSecret) {
		t.Errorf("config printed the secret: %q", r.stdout)
	}
	for _, want := range []string{"127.0.0.1:9999", "[redacted]", "env HIREGATE_JWT_SECRET", "HS256"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// cancelOn cancels a context when the logs say the server listens, so that
// a test can run the whole serve command without guessing at timing.
type cancelOn struct {
	mu     sync.Mutex
	b      bytes.Buffer
	marker string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.b.Write(p)
	if strings.Contains(c.b.String(), c.marker) {
		c.cancel()
	}
	return n, err
}

func TestServe(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		logs     []string
		stdout   []string
		noStdout bool
	}{
		{
			name:   "Demo",
			args:   []string{"--demo", "--log-format", "json"},
			logs:   []string{`"msg":"starting hiregate"`, `"jwt-secret":"[unset]"`, `"msg":"seeded demo data"`, `"msg":"shutting down"`, `"msg":"server stopped"`},
			stdout: append([]string{seed.DemoPassword}, seed.Emails()...),
		},
		{
			name:     "HS256",
			args:     []string{"--jwt-alg", "HS256"},
			env:      map[string]string{"SECRET_KEY": testSecret},
			logs:     []string{"msg=\"starting hiregate\"", "config.jwt-secret=[redacted]", "config.jwt-alg=HS256", "msg=listening"},
			noStdout: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			logs := &cancelOn{marker: "listening", cancel: cancel}
			var out bytes.Buffer
			m := map[string]string{"HIREGATE_BCRYPT_COST": "4", "HIREGATE_ADDR": "127.0.0.1:0", "HIREGATE_DATA": t.TempDir()}
			for k, v := range tt.env {
				m[k] = v
			}
			code := cli.Run(ctx, tt.args, cli.System{Getenv: env(m), Stdin: strings.NewReader(""), Stdout: &out, Stderr: logs})
			text := logs.b.String()
			if code != 0 {
				t.Fatalf("serve = %d, logs:\n%s", code, text)
			}
			for _, want := range tt.logs {
				if !strings.Contains(text, want) {
					t.Errorf("logs lack %s:\n%s", want, text)
				}
			}
			for _, want := range tt.stdout {
				if !strings.Contains(out.String(), want) {
					t.Errorf("stdout lacks %s:\n%s", want, out.String())
				}
			}
			if tt.noStdout && out.Len() > 0 {
				t.Errorf("stdout = %q, want nothing outside demo mode", out.String())
			}
			if strings.Contains(text, testSecret) {
				t.Error("the logs contain the JWT secret")
			}
			// The demo's passwords were hashed by this binary re-executed
			// as a hash worker, not in-process.
			if strings.Contains(text, "hashing passwords in this process") {
				t.Errorf("the server fell back to in-process hashing:\n%s", text)
			}
		})
	}
}

func TestServeStartFailure(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := runWith(t, cheap("HIREGATE_ADDR", "127.0.0.1:0"), "", "--data", file)
	if r.code != 1 || !strings.Contains(r.stderr, "start failed") {
		t.Errorf("serve with a file as data dir = %d %q, want 1 and start failed", r.code, r.stderr)
	}
}

// A second start with --demo on the same data finds users and seeds
// nothing: the banner must not present the demo accounts as just made.
func TestServeDemoTwice(t *testing.T) {
	dir := t.TempDir()
	serveOnce := func() string {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		logs := &cancelOn{marker: "listening", cancel: cancel}
		var out bytes.Buffer
		m := map[string]string{"HIREGATE_BCRYPT_COST": "4", "HIREGATE_ADDR": "127.0.0.1:0", "HIREGATE_DATA": dir}
		if code := cli.Run(ctx, []string{"--demo"}, cli.System{Getenv: env(m), Stdin: strings.NewReader(""), Stdout: &out, Stderr: logs}); code != 0 {
			t.Fatalf("serve = %d, logs:\n%s", code, logs.b.String())
		}
		return out.String()
	}
	tests := []struct {
		name        string
		want, avoid []string
	}{
		{"Seeded", []string{"hiregate demo mode", "Demo accounts, all with the password", seed.Emails()[0]}, []string{"not seeded"}},
		{"Kept", []string{"demo data was not seeded", "existing data is kept", "work only if they still exist"}, []string{"hiregate demo mode", "Demo accounts, all with", seed.Emails()[0]}},
	}
	for _, tt := range tests { // in order: the second start reuses the first's data
		out := serveOnce()
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: stdout lacks %q:\n%s", tt.name, w, out)
			}
		}
		for _, a := range tt.avoid {
			if strings.Contains(out, a) {
				t.Errorf("%s: stdout has %q:\n%s", tt.name, a, out)
			}
		}
	}
}

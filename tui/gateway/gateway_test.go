package gateway_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/gateway"
	"github.com/hiregate/hiregate/tui/internal/testserver"
)

const secret = "test-gateway-credential-0123456789abcdef"

// waitTimeout bounds every wait for what a session shows.
const waitTimeout = 20 * time.Second

type fixture struct {
	t   testing.TB
	srv *testserver.Server
	g   *gateway.Gateway
	ln  net.Listener
}

// start runs an API server in process and a gateway in front of it.
func start(t testing.TB, adjust func(*gateway.Config)) *fixture {
	t.Helper()
	srv := testserver.New(t, func(c *config.Config) { c.GatewaySecret = config.NewSecret([]byte(secret)) })
	cfg := gateway.Config{API: srv.URL(), DataDir: t.TempDir(), Secret: secret}
	if adjust != nil {
		adjust(&cfg)
	}
	g, err := gateway.New(cfg)
	if err != nil {
		t.Fatalf("gateway.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- g.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = g.Shutdown(ctx)
		if err := <-served; err != nil {
			t.Errorf("Serve = %v", err)
		}
	})
	return &fixture{t: t, srv: srv, g: g, ln: ln}
}

func newKey(t testing.TB) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
}

// dial connects with key (nil: keyboard-interactive, no key), checking
// the gateway's host key.
func (f *fixture) dial(key gossh.Signer) *gossh.Client {
	f.t.Helper()
	c, err := f.dialErr(key)
	if err != nil {
		f.t.Fatalf("ssh dial: %v", err)
	}
	f.t.Cleanup(func() { c.Close() })
	return c
}

func (f *fixture) dialErr(key gossh.Signer) (*gossh.Client, error) {
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if key != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	return gossh.Dial("tcp", f.ln.Addr().String(), &gossh.ClientConfig{
		User: "anyone", Auth: auth, HostKeyCallback: gossh.FixedHostKey(f.g.HostKey()), Timeout: waitTimeout,
	})
}

// term is an interactive session with what it showed so far.
type term struct {
	t     testing.TB
	sess  *gossh.Session
	in    io.WriteCloser
	mu    sync.Mutex
	out   bytes.Buffer
	grown chan struct{} // signalled on every write
	done  chan struct{} // closed when the output ends
}

func (tm *term) Write(p []byte) (int, error) {
	tm.mu.Lock()
	tm.out.Write(p)
	tm.mu.Unlock()
	select {
	case tm.grown <- struct{}{}:
	default:
	}
	return len(p), nil
}

// shell opens a pty session (cols×rows, TERM xterm-256color) and starts
// the client.
func shell(t testing.TB, c *gossh.Client, cols, rows int) *term {
	t.Helper()
	return shellEnv(t, c, cols, rows, "xterm-256color", nil)
}

// shellEnv is shell with the terminal type and environment the client
// sends.
func shellEnv(t testing.TB, c *gossh.Client, cols, rows int, termType string, env map[string]string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatalf("setenv %s: %v", k, err)
		}
	}
	tm := &term{t: t, sess: sess, grown: make(chan struct{}, 1), done: make(chan struct{})}
	if err := sess.RequestPty(termType, rows, cols, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty-req: %v", err)
	}
	tm.in, _ = sess.StdinPipe()
	out, _ := sess.StdoutPipe()
	sess.Stderr = tm
	go func() {
		_, _ = io.Copy(tm, out)
		close(tm.done)
	}()
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	return tm
}

// text is everything shown so far, without escape sequences.
func (tm *term) text() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.Strip(tm.out.String())
}

// waitFor waits until the output holds every one of want.
func (tm *term) waitFor(want ...string) string {
	tm.t.Helper()
	deadline := time.After(waitTimeout)
	for {
		v := tm.text()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(v, w)
		}
		if ok {
			return v
		}
		select {
		case <-tm.grown:
		case <-tm.done:
			if v = tm.text(); !containsAll(v, want) {
				tm.t.Fatalf("session ended without showing %q; it showed:\n%s", want, tail(v))
			}
			return v
		case <-deadline:
			tm.t.Fatalf("timed out waiting for %q; the session shows:\n%s", want, tail(v))
		}
	}
}

func containsAll(v string, want []string) bool {
	for _, w := range want {
		if !strings.Contains(v, w) {
			return false
		}
	}
	return true
}

func tail(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}

func (tm *term) typeText(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, s); err != nil {
		tm.t.Fatalf("type: %v", err)
	}
}

// ended waits for the session to end and returns its exit status.
func (tm *term) ended() int {
	tm.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- tm.sess.Wait() }()
	select {
	case err := <-errc:
		var ee *gossh.ExitError
		if errors.As(err, &ee) {
			return ee.ExitStatus()
		}
		if err != nil {
			tm.t.Fatalf("session ended with %v", err)
		}
		return 0
	case <-time.After(waitTimeout):
		tm.t.Fatalf("session did not end; it shows:\n%s", tail(tm.text()))
		return -1
	}
}

func (f *fixture) link(email, key string) {
	f.t.Helper()
	if _, err := f.srv.As(email).AddSSHKey(context.Background(), hiregate.AddSSHKeyRequest{PublicKey: key}); err != nil {
		f.t.Fatalf("link key: %v", err)
	}
}

// A key nobody linked, and no key at all, get the sign-in screen; the
// password signs in, and the window's size reaches the client.
func TestSignInScreen(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	unlinked, _ := newKey(t)
	for _, tt := range []struct {
		name string
		key  gossh.Signer
	}{{"UnlinkedKey", unlinked}, {"NoKey", nil}} {
		t.Run(tt.name, func(t *testing.T) {
			tm := shell(t, f.dial(tt.key), 80, 24)
			tm.t = t
			tm.waitFor("Sign in to hiregate")
			tm.typeText(testserver.Candidate + "\t" + "demo-password-not" + "\r")
			tm.waitFor("Wrong email or password")
		})
	}
	t.Run("PasswordAndResize", func(t *testing.T) {
		u := f.srv.User(testserver.Candidate)
		tm := shell(t, f.dial(nil), 80, 24)
		tm.waitFor("Sign in to hiregate")
		tm.typeText(u.Email + "\t" + testserver.Password + "\r")
		tm.waitFor("Welcome, " + u.FullName)
		// At 200 columns the header spreads over more than 120: the size
		// reached the client.
		wide := strings.Repeat(" ", 120)
		if strings.Contains(tm.text(), wide) {
			t.Fatal("an 80-column screen already holds 120 spaces in a row")
		}
		if err := tm.sess.WindowChange(30, 200); err != nil {
			t.Fatalf("window-change: %v", err)
		}
		tm.waitFor(wide)
		tm.typeText("q")
		if code := tm.ended(); code != 0 {
			t.Fatalf("exit status = %d, want 0", code)
		}
	})
}

// A linked key starts the session signed in, labelled ssh with the
// client's address; q ends it and signs the session out on the server.
func TestLinkedKey(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	key, line := newKey(t)
	f.link(testserver.Candidate, line)
	tm := shell(t, f.dial(key), 100, 30)
	tm.waitFor("Welcome, Priya Raman")
	ss, err := f.srv.As(testserver.Candidate).Sessions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var viaSSH int
	for _, s := range ss {
		if s.UserAgent == hiregate.SSHSessionAgent && s.IP == "127.0.0.1" {
			viaSSH++
		}
	}
	if viaSSH != 1 {
		t.Fatalf("sessions = %+v, want one labelled ssh from 127.0.0.1", ss)
	}
	tm.typeText("q")
	if code := tm.ended(); code != 0 {
		t.Fatalf("exit status = %d, want 0", code)
	}
	ss, _ = f.srv.As(testserver.Candidate).Sessions(context.Background())
	for _, s := range ss {
		if s.UserAgent == hiregate.SSHSessionAgent {
			t.Fatalf("the ssh session is still live after q: %+v", s)
		}
	}
}

// A linked key of an account with a second factor still asks for it.
func TestLinkedKeyMFA(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	key, line := newKey(t)
	f.link(testserver.Candidate, line)
	totp, _ := f.srv.EnableMFA(testserver.Candidate)
	tm := shell(t, f.dial(key), 100, 30)
	tm.waitFor("Two-step sign-in", "SSH key accepted")
	tm.typeText(f.srv.Code(totp) + "\r")
	tm.waitFor("Welcome, Priya Raman")
}

// Without the gateway credential a linked key is just a key: the
// sign-in screen.
func TestLinkedKeyWithoutCredential(t *testing.T) {
	t.Parallel()
	f := start(t, func(c *gateway.Config) { c.Secret = "" })
	key, line := newKey(t)
	f.link(testserver.Candidate, line)
	tm := shell(t, f.dial(key), 80, 24)
	tm.waitFor("Sign in to hiregate")
}

// Colours follow the SSH client's TERM, COLORTERM and NO_COLOR.
func TestColours(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	tests := []struct {
		name, term string
		env        map[string]string
		want, not  string // an escape sequence the output must (not) hold
	}{
		{"256", "xterm-256color", nil, "\x1b[1;38;5;63m", "\x1b[1;94m"},
		{"16", "xterm", nil, "\x1b[1;94m", "38;5;"},
		{"NoColor", "xterm-256color", map[string]string{"NO_COLOR": "1"}, "Sign in to hiregate", "38;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := shellEnv(t, f.dial(nil), 80, 24, tt.term, tt.env)
			tm.waitFor("Sign in to hiregate")
			tm.typeText("\x03") // ctrl+c
			tm.ended()
			tm.mu.Lock()
			raw := tm.out.String()
			tm.mu.Unlock()
			if !strings.Contains(raw, tt.want) || strings.Contains(raw, tt.not) {
				t.Fatalf("output %q: want %q and not %q", tail(raw), tt.want, tt.not)
			}
		})
	}
}

// Everything but an interactive pty session is refused.
func TestRefused(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	c := f.dial(nil)
	tests := []struct {
		name string
		try  func() error
	}{
		{"exec", func() error {
			s, err := c.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			return s.Start("cat /etc/passwd")
		}},
		{"subsystem sftp", func() error {
			s, err := c.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			return s.RequestSubsystem("sftp")
		}},
		{"local forwarding", func() error {
			conn, err := c.Dial("tcp", f.ln.Addr().String())
			if err == nil {
				conn.Close()
			}
			return err
		}},
		{"remote forwarding", func() error {
			l, err := c.Listen("tcp", "127.0.0.1:0")
			if err == nil {
				l.Close()
			}
			return err
		}},
		{"agent forwarding", func() error {
			s, err := c.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			ok, err := s.SendRequest("auth-agent-req@openssh.com", true, nil)
			if err == nil && !ok {
				return errors.New("refused")
			}
			return err
		}},
		{"x11 forwarding", func() error {
			s, err := c.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			ok, err := s.SendRequest("x11-req", true, make([]byte, 16))
			if err == nil && !ok {
				return errors.New("refused")
			}
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.try(); err == nil {
				t.Fatalf("%s was accepted", tt.name)
			}
		})
	}
	t.Run("shell without pty", func(t *testing.T) {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		tm := &term{t: t, sess: s, grown: make(chan struct{}, 1), done: make(chan struct{})}
		s.Stdout, s.Stderr = tm, tm
		if err := s.Shell(); err != nil {
			t.Fatal(err)
		}
		if code := tm.ended(); code != 1 {
			t.Fatalf("exit status = %d, want 1", code)
		}
		if !strings.Contains(tm.text(), gateway.MsgNoPTY) {
			t.Fatalf("said %q, want %q", tm.text(), gateway.MsgNoPTY)
		}
	})
}

// Shutdown tells open sessions the server is restarting.
func TestShutdownTellsSessions(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	tm := shell(t, f.dial(nil), 80, 24)
	tm.waitFor("Sign in to hiregate")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.g.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown = %v", err)
	}
	tm.waitFor(gateway.MsgRestarting)
	tm.ended()
	if _, err := f.dialErr(nil); err == nil {
		t.Fatal("a new connection was accepted after Shutdown")
	}
}

// The limits: connections per address, and the idle timeout.
func TestLimits(t *testing.T) {
	t.Parallel()
	t.Run("PerAddress", func(t *testing.T) {
		t.Parallel()
		f := start(t, func(c *gateway.Config) { c.MaxPerAddr = 1 })
		tm := shell(t, f.dial(nil), 80, 24)
		tm.waitFor("Sign in to hiregate")
		if _, err := f.dialErr(nil); err == nil {
			t.Fatal("a second connection from one address was accepted with --max-per-addr 1")
		}
	})
	t.Run("Idle", func(t *testing.T) {
		t.Parallel()
		f := start(t, func(c *gateway.Config) { c.IdleTimeout = 300 * time.Millisecond })
		tm := shell(t, f.dial(nil), 80, 24)
		tm.waitFor(gateway.MsgIdle)
		tm.ended()
	})
	t.Run("AuthRate", func(t *testing.T) {
		t.Parallel()
		f := start(t, func(c *gateway.Config) { c.AuthPerMinute = 1 })
		f.dial(nil)
		if _, err := f.dialErr(nil); err == nil {
			t.Fatal("a second authentication within the minute was accepted with --auth-per-minute 1")
		}
	})
}

// A session whose client never reads its output does not hold up the
// others.
func TestStalledReaderDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	f := start(t, nil)
	stalled := f.dial(nil)
	s, err := stalled.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	// Stdout is never read: once the SSH window is full the gateway's
	// writes to it block.
	if _, err := s.StdoutPipe(); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	// Make it render far more than the channel window (2 MiB) holds.
	go func() {
		for i := range 3000 {
			if _, err := s.SendRequest("window-change", false, gossh.Marshal(struct{ W, H, PW, PH uint32 }{uint32(100 + i%100), 50, 0, 0})); err != nil {
				return
			}
		}
	}()
	for range 3 {
		tm := shell(t, f.dial(nil), 80, 24)
		tm.waitFor("Sign in to hiregate")
		tm.typeText(testserver.Candidate + "\t" + testserver.Password + "\r")
		tm.waitFor("Welcome, Priya Raman")
		tm.typeText("q")
		tm.ended()
	}
}

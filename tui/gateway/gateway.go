// Package gateway is hiregate's SSH front door: an SSH server (Charm's
// wish on gliderlabs/ssh) that runs the terminal client for every session
// inside this process, against the HTTP API like any other client. It
// holds no database and no signing key; several may run at once, on other
// machines than the API.
//
// Each session gets its own client (tokens in memory only), its own live
// event stream and its own colour profile from the SSH client's TERM and
// NO_COLOR. A public key the user linked to their account signs the
// session in through the ssh-key grant, which only a gateway holding the
// gateway credential may use; any other key, or none, gets the sign-in
// screen. Only interactive sessions with a pty are served: exec, shell
// without pty, subsystems (sftp, scp), port and agent forwarding are all
// refused.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Defaults of the limits, each a flag of ssh-gateway.
const (
	DefaultMaxPerAddr       = 10
	DefaultMaxSessions      = 1000
	DefaultHandshakeTimeout = 20 * time.Second
	DefaultIdleTimeout      = 30 * time.Minute
	DefaultMaxSessionLength = 8 * time.Hour
	DefaultMinWidth         = 20
	DefaultMinHeight        = 5
	DefaultMaxWidth         = 500
	DefaultMaxHeight        = 200
	DefaultAuthPerMinute    = 60
)

// What a session is told when the gateway ends it.
const (
	MsgRestarting = "hiregate: the server is restarting; reconnect in a minute."
	MsgIdle       = "hiregate: closed after a while without input; reconnect to go on."
	MsgMaxLength  = "hiregate: this session reached its maximum length; reconnect to go on."
	MsgNoPTY      = "hiregate: this is an interactive terminal service: connect with ssh -t (a pty is required)."
	MsgBusy       = "hiregate: too many sessions right now; try again later."
)

// endGrace is how long a session the gateway ends may take to quit
// before its connection is closed under it (a client that stopped
// reading never lets it finish).
const endGrace = 3 * time.Second

// Config is the gateway's settings.
type Config struct {
	Addr    string // listen address, host:port
	API     string // the API's base URL
	DataDir string // holds the host key
	// Secret is the gateway credential (hiregate.EnvGatewaySecret); empty:
	// linked keys get the sign-in screen like any other.
	Secret string
	// Transport carries the API requests of every session; nil:
	// http.DefaultTransport.
	Transport http.RoundTripper

	MaxPerAddr, MaxSessions       int
	HandshakeTimeout              time.Duration
	IdleTimeout, MaxSessionLength time.Duration
	MinWidth, MinHeight           int
	MaxWidth, MaxHeight           int
	AuthPerMinute                 int
	Version                       string // shown in the client's help
	Logger                        *slog.Logger
	Now                           func() time.Time
}

func (c *Config) setDefaults() error {
	set := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	setD := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	set(&c.MaxPerAddr, DefaultMaxPerAddr)
	set(&c.MaxSessions, DefaultMaxSessions)
	set(&c.MinWidth, DefaultMinWidth)
	set(&c.MinHeight, DefaultMinHeight)
	set(&c.MaxWidth, DefaultMaxWidth)
	set(&c.MaxHeight, DefaultMaxHeight)
	set(&c.AuthPerMinute, DefaultAuthPerMinute)
	setD(&c.HandshakeTimeout, DefaultHandshakeTimeout)
	setD(&c.IdleTimeout, DefaultIdleTimeout)
	setD(&c.MaxSessionLength, DefaultMaxSessionLength)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Transport == nil {
		c.Transport = http.DefaultTransport
	}
	var errs []error
	if u, err := url.Parse(c.API); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("--api %q must look like https://host:port", c.API))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data must name the directory of the host key"))
	}
	for _, v := range []struct {
		name string
		n    int
	}{{"max-per-addr", c.MaxPerAddr}, {"max-sessions", c.MaxSessions}, {"min-width", c.MinWidth}, {"min-height", c.MinHeight},
		{"max-width", c.MaxWidth}, {"max-height", c.MaxHeight}, {"auth-per-minute", c.AuthPerMinute}} {
		if v.n < 1 {
			errs = append(errs, fmt.Errorf("--%s must be at least 1", v.name))
		}
	}
	for _, v := range []struct {
		name string
		d    time.Duration
	}{{"handshake-timeout", c.HandshakeTimeout}, {"idle-timeout", c.IdleTimeout}, {"max-session", c.MaxSessionLength}} {
		if v.d < 0 {
			errs = append(errs, fmt.Errorf("--%s must not be negative", v.name))
		}
	}
	if c.MinWidth > c.MaxWidth || c.MinHeight > c.MaxHeight {
		errs = append(errs, errors.New("the minimum window size must not exceed the maximum"))
	}
	if c.Secret != "" && len(c.Secret) < hiregate.MinGatewaySecretLen {
		errs = append(errs, fmt.Errorf("%s is %d bytes; at least %d are needed", hiregate.EnvGatewaySecret, len(c.Secret), hiregate.MinGatewaySecretLen))
	}
	return errors.Join(errs...)
}

// Gateway is a running SSH front door.
type Gateway struct {
	cfg    Config
	srv    *ssh.Server
	signer gossh.Signer
	conns  *connLimiter
	auth   *rateLimiter
	hc     *http.Client

	mu       sync.Mutex
	sessions map[*session]struct{}
	closing  atomic.Bool
	wg       sync.WaitGroup
}

// Context keys of a connection's state.
type ctxKey int

const (
	connKey ctxKey = iota
	sessionKey
)

// Permission extensions carrying the key a connection authenticated with:
// x/crypto keeps the Permissions of the key that actually signed, so
// these name it even when the client offered several.
const (
	extKey         = "hiregate-public-key"
	extFingerprint = "hiregate-fingerprint"
)

// New loads (or creates) the host key and builds the gateway.
func New(cfg Config) (*Gateway, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	signer, err := LoadHostKey(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	g := &Gateway{
		cfg: cfg, signer: signer,
		conns:    newConnLimiter(cfg.MaxPerAddr, cfg.MaxSessions),
		auth:     newRateLimiter(cfg.AuthPerMinute, cfg.AuthPerMinute, cfg.Now),
		sessions: map[*session]struct{}{},
	}
	g.hc = &http.Client{Timeout: 30 * time.Second, Transport: cfg.Transport}
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithVersion("hiregate"),
		func(s *ssh.Server) error { s.AddHostKey(signer); return nil },
		// The profile given here is lipgloss's global one, which only
		// the styles made outside tui/styles (bubbles' defaults) use:
		// none, so that NO_COLOR holds everywhere. Each session renders
		// tui/styles with its own renderer (program).
		wish.WithMiddleware(bm.MiddlewareWithProgramHandler(g.program, termenv.Ascii), g.guard),
	)
	if err != nil {
		return nil, err
	}
	srv.ServerConfigCallback = g.serverConfig
	// Set only so that gliderlabs keeps client authentication on; it
	// lets keyless clients in (to the sign-in screen) without a question.
	srv.KeyboardInteractiveHandler = func(ctx ssh.Context, _ gossh.KeyboardInteractiveChallenge) bool {
		return g.allowAuth(ctx.RemoteAddr())
	}
	srv.ConnCallback = g.onConn
	srv.SessionRequestCallback = func(_ ssh.Session, requestType string) bool { return requestType == "shell" }
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessionWithoutAgent}
	srv.RequestHandlers = map[string]ssh.RequestHandler{}     // no tcpip-forward
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{} // no sftp
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	g.srv = srv
	return g, nil
}

// Fingerprint is the host key's, as ssh-keygen -l prints it, for
// operators to publish.
func (g *Gateway) Fingerprint() string { return gossh.FingerprintSHA256(g.signer.PublicKey()) }

// HostKey is the host key's public half.
func (g *Gateway) HostKey() gossh.PublicKey { return g.signer.PublicKey() }

// Serve accepts connections on ln until Shutdown; it returns nil then.
func (g *Gateway) Serve(ln net.Listener) error {
	err := g.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown tells every open session that the server is restarting, ends
// them, and waits for them until ctx is done; then closes what is left.
func (g *Gateway) Shutdown(ctx context.Context) error {
	g.closing.Store(true)
	g.mu.Lock()
	for s := range g.sessions {
		s.end(MsgRestarting)
	}
	g.mu.Unlock()
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	err := g.srv.Shutdown(ctx)
	if err != nil {
		g.srv.Close()
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// Sessions is the number of sessions running.
func (g *Gateway) Sessions() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.sessions)
}

func (g *Gateway) serverConfig(ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		MaxAuthTries: 6,
		PublicKeyCallback: func(conn gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
			if !g.allowAuth(conn.RemoteAddr()) {
				return nil, errors.New("too many attempts")
			}
			return &gossh.Permissions{Extensions: map[string]string{
				extKey:         string(gossh.MarshalAuthorizedKey(key)),
				extFingerprint: gossh.FingerprintSHA256(key),
			}}, nil
		},
	}
}

func (g *Gateway) allowAuth(addr net.Addr) bool {
	host := hostOf(addr)
	if g.auth.allow(host) {
		return true
	}
	g.cfg.Logger.Warn("ssh authentication throttled", "addr", host)
	return false
}

// connState is a connection's: its handshake deadline and how many
// sessions it has open.
type connState struct {
	handshake *time.Timer
	sessions  atomic.Int32
}

// onConn admits a connection within the limits, and closes it if it has
// not opened a session within the handshake timeout.
func (g *Gateway) onConn(ctx ssh.Context, conn net.Conn) net.Conn {
	host := hostOf(conn.RemoteAddr())
	if g.closing.Load() {
		return nil
	}
	if !g.conns.acquire(host) {
		g.cfg.Logger.Warn("ssh connection refused: limit reached", "addr", host)
		// A line before the version exchange is allowed (RFC 4253 §4.2).
		_ = conn.SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = conn.Write([]byte(MsgBusy + "\r\n"))
		return nil
	}
	st := &connState{handshake: time.AfterFunc(g.cfg.HandshakeTimeout, func() { conn.Close() })}
	ctx.SetValue(connKey, st)
	var once sync.Once
	return &closeConn{Conn: conn, onClose: func() {
		once.Do(func() {
			st.handshake.Stop()
			g.conns.release(host)
		})
	}}
}

type closeConn struct {
	net.Conn
	onClose func()
}

func (c *closeConn) Close() error {
	c.onClose()
	return c.Conn.Close()
}

// sessionWithoutAgent is gliderlabs' session channel with agent and X11
// forwarding requests refused (it would accept an agent request).
func sessionWithoutAgent(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{newChan}, ctx)
}

type filteredChannel struct{ gossh.NewChannel }

func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			switch r.Type {
			case "auth-agent-req@openssh.com", "x11-req":
				if r.WantReply {
					_ = r.Reply(false, nil)
				}
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}

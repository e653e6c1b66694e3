package gateway

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/app"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui"
)

// session is one interactive SSH session running the client.
type session struct {
	s       ssh.Session
	addr    string
	started time.Time
	client  *client.Client
	model   *app.Model

	mu     sync.Mutex
	prog   *tea.Program
	reason string
	closer *time.Timer

	lastInput atomic.Int64 // unix nanoseconds
	ended     sync.Once
}

// end quits the session's program, saying reason afterwards, and closes
// the connection if the program has not quit within endGrace.
func (se *session) end(reason string) {
	se.ended.Do(func() {
		se.mu.Lock()
		se.reason = reason
		p := se.prog
		se.closer = time.AfterFunc(endGrace, func() { se.s.Close() })
		se.mu.Unlock()
		if p != nil {
			go p.Quit()
		}
	})
}

func (se *session) endReason() string {
	se.mu.Lock()
	defer se.mu.Unlock()
	if se.closer != nil {
		se.closer.Stop()
	}
	return se.reason
}

// activity records input, for the idle timeout.
type activity struct {
	r  io.Reader
	se *session
	g  *Gateway
}

func (a activity) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.se.lastInput.Store(a.g.cfg.Now().UnixNano())
	}
	return n, err
}

// guard runs first for every session: it refuses what is not an
// interactive pty session, keeps the limits, and after the client quits
// signs the session out on the server and says why it ended.
func (g *Gateway) guard(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		st, _ := s.Context().Value(connKey).(*connState)
		if st != nil {
			st.handshake.Stop()
			// One session per connection: each is a whole client.
			if st.sessions.Add(1) > 1 {
				fmt.Fprint(s.Stderr(), "hiregate: one session per connection.\r\n")
				_ = s.Exit(1)
				return
			}
			defer st.sessions.Add(-1)
		}
		if _, _, ok := s.Pty(); !ok {
			fmt.Fprint(s.Stderr(), MsgNoPTY+"\r\n")
			_ = s.Exit(1)
			return
		}
		if g.closing.Load() {
			fmt.Fprint(s.Stderr(), MsgRestarting+"\r\n")
			_ = s.Exit(1)
			return
		}
		se := &session{s: s, addr: hostOf(s.RemoteAddr()), started: g.cfg.Now()}
		se.lastInput.Store(se.started.UnixNano())
		g.mu.Lock()
		g.sessions[se] = struct{}{}
		g.wg.Add(1)
		g.mu.Unlock()
		defer func() {
			g.mu.Lock()
			delete(g.sessions, se)
			g.mu.Unlock()
			g.wg.Done()
		}()
		s.Context().SetValue(sessionKey, se)

		maxLen := time.AfterFunc(g.cfg.MaxSessionLength, func() { se.end(MsgMaxLength) })
		defer maxLen.Stop()
		stopIdle := g.watchIdle(se)
		defer stopIdle()

		next(s)

		if se.model != nil {
			se.model.Close()
		}
		if se.client != nil && se.client.LoggedIn() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := se.client.Logout(ctx); err != nil {
				g.cfg.Logger.Warn("ssh session: logout failed", "addr", se.addr, "err", err)
			}
			cancel()
		}
		reason := se.endReason()
		g.cfg.Logger.Info("ssh session ended", "addr", se.addr, "duration", g.cfg.Now().Sub(se.started).Round(time.Second).String(),
			"reason", cmpOr(reason, "quit"))
		if reason != "" {
			say(s, reason)
		}
		_ = s.Exit(0)
	}
}

// say writes a line to the session, unless the client stopped reading.
func say(s ssh.Session, line string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.WriteString(s, "\r\n"+line+"\r\n")
	}()
	select {
	case <-done:
	case <-time.After(endGrace):
		s.Close()
	}
}

// watchIdle ends se after the idle timeout without input. The timer is
// re-armed for what is left whenever it fires early.
func (g *Gateway) watchIdle(se *session) (stop func()) {
	var mu sync.Mutex
	var t *time.Timer
	stopped := false
	var check func()
	check = func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		idle := g.cfg.Now().Sub(time.Unix(0, se.lastInput.Load()))
		if idle >= g.cfg.IdleTimeout {
			se.end(MsgIdle)
			return
		}
		t = time.AfterFunc(g.cfg.IdleTimeout-idle, check)
	}
	mu.Lock()
	t = time.AfterFunc(g.cfg.IdleTimeout, check)
	mu.Unlock()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		t.Stop()
	}
}

// program builds the client for a session (the bubbletea middleware runs
// it): its own API client and tokens, its own colours, signed in when
// the SSH key is linked to an account.
func (g *Gateway) program(s ssh.Session) *tea.Program {
	se, _ := s.Context().Value(sessionKey).(*session)
	if se == nil {
		return nil
	}
	pty, _, _ := s.Pty()
	env := append([]string{"TERM=" + pty.Term}, s.Environ()...)
	noColor := hasEnv(env, "NO_COLOR")
	r := lipgloss.NewRenderer(s)
	r.SetColorProfile(colorProfile(pty.Term, env))
	r.SetHasDarkBackground(true)

	c, err := client.New(g.cfg.API, client.WithHTTPClient(g.sessionHTTP(se.addr)), client.WithUserAgent(hiregate.SSHSessionAgent))
	if err != nil {
		fmt.Fprint(s.Stderr(), "hiregate: the gateway is misconfigured.\r\n")
		return nil
	}
	se.client = c
	uictx := &ui.Context{
		Styles:    styles.NewFor(r, noColor),
		Keys:      keys.DefaultKeyMap(),
		Server:    "via SSH",
		Version:   g.cfg.Version,
		Timeout:   ui.DefaultTimeout,
		Expired:   func(err error) bool { return client.IsSessionExpired(err) },
		EndReason: client.SessionEndReason,
		Live:      true,
	}
	first := g.keySignIn(s, se)
	se.model = app.New(uictx, c)
	m := &sessionModel{Model: se.model, first: first}
	p := tea.NewProgram(m,
		tea.WithInput(activity{r: s, se: se, g: g}), tea.WithOutput(s),
		tea.WithAltScreen(), tea.WithoutSignalHandler(), tea.WithEnvironment(env),
		tea.WithFilter(g.filter))
	se.mu.Lock()
	se.prog = p
	ended := se.reason != ""
	se.mu.Unlock()
	if ended {
		go p.Quit()
	}
	return p
}

// keySignIn signs the session in with the SSH key it authenticated with,
// when that key is linked: the message to start the client with, nil for
// the sign-in screen.
func (g *Gateway) keySignIn(s ssh.Session, se *session) tea.Msg {
	conn, _ := s.Context().Value(ssh.ContextKeyConn).(*gossh.ServerConn)
	if conn == nil || conn.Permissions == nil || g.cfg.Secret == "" {
		return nil
	}
	key, fp := conn.Permissions.Extensions[extKey], conn.Permissions.Extensions[extFingerprint]
	if key == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(s.Context(), ui.DefaultTimeout)
	defer cancel()
	_, err := se.client.LoginSSHKey(ctx, strings.TrimSpace(key))
	if tok, ok := hiregate.IsMFARequired(err); ok {
		g.cfg.Logger.Info("ssh session: linked key, second factor asked", "addr", se.addr, "key", fp)
		return ui.MFARequiredMsg{MFAToken: tok}
	}
	if err != nil {
		g.cfg.Logger.Info("ssh session: key not linked, sign-in screen", "addr", se.addr, "key", fp)
		return nil
	}
	me, err := se.client.Me(ctx)
	if err != nil {
		g.cfg.Logger.Warn("ssh session: signed in but could not read the account", "addr", se.addr, "err", err)
		return nil
	}
	g.cfg.Logger.Info("ssh session: signed in with a linked key", "addr", se.addr, "key", fp, "user_id", me.ID)
	return ui.LoggedInMsg{User: me}
}

// sessionHTTP is the HTTP client of one session: the shared transport,
// with the gateway credential and the SSH client's address on every
// request.
func (g *Gateway) sessionHTTP(addr string) *http.Client {
	return &http.Client{Timeout: g.hc.Timeout, Transport: gatewayTransport{base: g.hc.Transport, secret: g.cfg.Secret, addr: addr}}
}

type gatewayTransport struct {
	base         http.RoundTripper
	secret, addr string
}

func (t gatewayTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if t.secret != "" {
		r.Header.Set(hiregate.GatewayCredentialHeader, t.secret)
		r.Header.Set(hiregate.GatewayClientHeader, t.addr)
	}
	return t.base.RoundTrip(r)
}

// filter keeps window sizes within the bounds; an empty size (sent when
// the client's channel closes) is dropped.
func (g *Gateway) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	if w, ok := msg.(tea.WindowSizeMsg); ok {
		if w.Width <= 0 || w.Height <= 0 {
			return nil
		}
		w.Width = min(max(w.Width, g.cfg.MinWidth), g.cfg.MaxWidth)
		w.Height = min(max(w.Height, g.cfg.MinHeight), g.cfg.MaxHeight)
		return w
	}
	return msg
}

// sessionModel is the client's root model, started with first (signed
// in, or the second factor's prompt) when the SSH key did that.
type sessionModel struct {
	*app.Model
	first tea.Msg
}

func (m *sessionModel) Init() tea.Cmd {
	if m.first == nil {
		return m.Model.Init()
	}
	first := m.first
	return tea.Batch(m.Model.Init(), func() tea.Msg { return first })
}

func (m *sessionModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.Model.Update(msg)
	return m, cmd
}

// colorProfile is what the SSH client's terminal shows: none for NO_COLOR
// or a dumb terminal, 24-bit when COLORTERM says so, 256 colours for a
// *-256color TERM, else the 16 ANSI colours.
func colorProfile(term string, env []string) termenv.Profile {
	ct := strings.ToLower(envValue(env, "COLORTERM"))
	switch {
	case hasEnv(env, "NO_COLOR"), term == "dumb":
		return termenv.Ascii
	case ct == "truecolor" || ct == "24bit":
		return termenv.TrueColor
	case strings.Contains(term, "256color"):
		return termenv.ANSI256
	default:
		return termenv.ANSI
	}
}

func envValue(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v
		}
	}
	return ""
}

// hasEnv: NO_COLOR counts when present and not empty (no-color.org).
func hasEnv(env []string, name string) bool { return envValue(env, name) != "" }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Package app is the root model of the terminal client: the stack of open
// screens, the signed-in session, the header and the help footer.
package app

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/drafts"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/screens/aboutyou"
	"github.com/hiregate/hiregate/tui/screens/account"
	"github.com/hiregate/hiregate/tui/screens/appdetail"
	"github.com/hiregate/hiregate/tui/screens/applications"
	"github.com/hiregate/hiregate/tui/screens/apply"
	"github.com/hiregate/hiregate/tui/screens/audit"
	"github.com/hiregate/hiregate/tui/screens/feedback"
	"github.com/hiregate/hiregate/tui/screens/impact"
	"github.com/hiregate/hiregate/tui/screens/interviews"
	"github.com/hiregate/hiregate/tui/screens/jobdetail"
	"github.com/hiregate/hiregate/tui/screens/jobform"
	"github.com/hiregate/hiregate/tui/screens/jobs"
	"github.com/hiregate/hiregate/tui/screens/login"
	"github.com/hiregate/hiregate/tui/screens/maillog"
	"github.com/hiregate/hiregate/tui/screens/mailtemplates"
	"github.com/hiregate/hiregate/tui/screens/menu"
	"github.com/hiregate/hiregate/tui/screens/mfa"
	"github.com/hiregate/hiregate/tui/screens/mfacode"
	"github.com/hiregate/hiregate/tui/screens/password"
	"github.com/hiregate/hiregate/tui/screens/pipeline"
	"github.com/hiregate/hiregate/tui/screens/reports"
	"github.com/hiregate/hiregate/tui/screens/schedule"
	"github.com/hiregate/hiregate/tui/screens/sessions"
	"github.com/hiregate/hiregate/tui/screens/sshkeys"
	"github.com/hiregate/hiregate/tui/screens/team"
	"github.com/hiregate/hiregate/tui/screens/users"
	"github.com/hiregate/hiregate/tui/screens/verify"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
)

// What the login screen says after the server stopped accepting the
// session: expired, or (when the server said so) revoked.
const (
	MsgSessionExpired = "Session expired: sign in again"
	MsgSessionRevoked = "Session revoked (signed out elsewhere or account changed): sign in again"
	// MsgAccountDeactivated: the server said the account itself is off.
	MsgAccountDeactivated = "Your account was deactivated by an admin: ask them to reactivate it"
)

// API is every call of the terminal client: the union of what its
// screens call, each of which declares only its own part.
// *client.Client satisfies it.
type API interface {
	aboutyou.API
	impact.API
	account.API
	appdetail.API
	applications.API
	apply.API
	audit.API
	jobdetail.API
	jobform.API
	jobs.API
	login.API
	menu.API
	mfa.API
	mfacode.API
	password.API
	pipeline.API
	reports.API
	sessions.API
	sessions.AdminAPI
	sshkeys.API
	users.API
	verify.API
	maillog.API
	mailtemplates.API
	team.API
	schedule.API
	feedback.API
	interviews.API
	live.Source
}

// Model is the root model.
type Model struct {
	c        *ui.Context
	api      API
	stack    []ui.Component
	spinner  spinner.Model
	help     help.Model
	fullHelp bool
	// pending holds requests that started and have not answered; done
	// holds answers that overtook their start message.
	pending  map[int64]bool
	done     map[int64]bool
	flash    string
	flashErr bool
	width    int
	height   int
	// ask is the root's own question: leave typing unsaved?
	ask confirm.Confirm
	// stream is the live-event subscription while signed in (with
	// Context.Live); streamState its connection's state.
	stream      *live.Stream
	streamState client.StreamState
}

// New returns the root model showing the login screen; every screen
// talks to the server through api.
func New(c *ui.Context, api API) *Model {
	sp := spinner.New()
	sp.Spinner = spinner.MiniDot
	h := help.New()
	h.Styles.ShortKey = c.Styles.Help
	h.Styles.ShortDesc = c.Styles.Help
	h.Styles.FullKey = c.Styles.Help
	h.Styles.FullDesc = c.Styles.Help
	if c.Drafts == nil {
		c.Drafts = drafts.New()
	}
	m := &Model{c: c, api: api, spinner: sp, help: h, pending: map[int64]bool{}, done: map[int64]bool{}, width: 80, height: 24}
	m.stack = []ui.Component{login.New(c, api, "")}
	return m
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return m.top().Init() }

func (m *Model) top() ui.Component { return m.stack[len(m.stack)-1] }

// Busy reports whether a request is running.
func (m *Model) Busy() bool { return len(m.pending) > 0 }

func (m *Model) screen(o ui.OpenMsg) ui.Component {
	c, api := m.c, m.api
	switch o.Page {
	case ui.PageHome:
		return menu.New(c, api)
	case ui.PageJobs:
		return jobs.New(c, api)
	case ui.PageJob:
		return jobdetail.New(c, api, o.ID)
	case ui.PageJobForm:
		return jobform.New(c, api, o.Job)
	case ui.PageApply:
		return apply.New(c, api, o.ID)
	case ui.PageMyApps:
		return applications.New(c, api, "")
	case ui.PageJobApps:
		return applications.New(c, api, o.ID)
	case ui.PageApp:
		return appdetail.New(c, api, o.ID).WithMatch(o.Match)
	case ui.PagePipeline:
		return pipeline.New(c, api, o.ID)
	case ui.PageUsers:
		return users.New(c, api)
	case ui.PageAudit:
		return audit.New(c, api)
	case ui.PageSessions:
		return sessions.New(c, api)
	case ui.PageUserSessions:
		return sessions.ForUser(c, api, o.User)
	case ui.PagePassword:
		return password.New(c, api)
	case ui.PageMFA:
		return mfa.New(c, api, false)
	case ui.PageReports:
		return reports.New(c, api)
	case ui.PageAccount:
		return account.New(c, api)
	case ui.PageVerify:
		return verify.New(c, api, false)
	case ui.PageMailLog:
		return maillog.New(c, api)
	case ui.PageMailTemplates:
		return mailtemplates.New(c, api)
	case ui.PageTeam:
		return team.New(c, api, o.ID)
	case ui.PageSchedule:
		return schedule.New(c, api, o.ID, o.Interview)
	case ui.PageFeedback:
		return feedback.New(c, api, o.ID)
	case ui.PageMyInterviews:
		return interviews.New(c, api)
	// Fair screening.
	case ui.PageAboutYou:
		return aboutyou.New(c, api)
	case ui.PageImpact:
		return impact.New(c, api)
	case ui.PageSSHKeys:
		return sshkeys.New(c, api)
	}
	return login.New(c, api, "")
}

// reset replaces every screen with s.
func (m *Model) reset(s ui.Component) tea.Cmd {
	m.stack = []ui.Component{s}
	m.fullHelp = false
	m.layout()
	return s.Init()
}

func (m *Model) push(s ui.Component) tea.Cmd {
	m.stack = append(m.stack, s)
	m.fullHelp = false
	m.layout()
	return s.Init()
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, m.update(msg)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return nil
	case ui.StartMsg:
		if m.done[msg.ID] {
			delete(m.done, msg.ID)
			return nil
		}
		m.pending[msg.ID] = true
		if len(m.pending) == 1 {
			return m.spinner.Tick
		}
		return nil
	case ui.ResultMsg:
		if m.pending[msg.ID] {
			delete(m.pending, msg.ID)
		} else {
			m.done[msg.ID] = true
		}
		return m.result(msg.Msg)
	case spinner.TickMsg:
		if !m.Busy() {
			return nil // let the spinner stop until the next request
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case ui.OpenMsg:
		return m.push(m.screen(msg))
	case ui.MFARequiredMsg:
		return m.push(mfacode.New(m.c, m.api, msg.Email, msg.MFAToken))
	case ui.LoggedInMsg, ui.LoggedOutMsg, ui.EnrollmentRequiredMsg:
		// Screens may say these directly, not only as a request's answer.
		return m.result(msg)
	case ui.BackMsg:
		m.setFlash(msg.Flash, false)
		if len(m.stack) > 1 {
			m.stack = m.stack[:len(m.stack)-1]
			m.layout()
			return m.top().Update(ui.RefreshMsg{})
		}
		return nil
	case ui.FlashMsg:
		m.setFlash(msg.Text, msg.Err)
		return nil
	case ui.ServerInfoMsg:
		m.c.SSHGateway = msg.SSHGateway
		return nil
	case live.StateMsg, live.EventsMsg:
		return m.onLive(msg)
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			return m.typedTogether(msg)
		}
		m.flash = ""
		if m.ask.Active() {
			return m.ask.Update(msg, k)
		}
		if key.Matches(msg, k.ForceQuit) {
			return m.unlessLost(m.unsaved(), "Quit and lose what you typed?", m.quit)
		}
		if key.Matches(msg, k.HelpAny) {
			m.fullHelp = !m.fullHelp
			m.layout()
			return nil
		}
		top := m.top()
		if md, ok := top.(ui.Modal); ok && md.Modal() {
			return top.Update(msg)
		}
		if key.Matches(msg, k.Back) {
			if len(m.stack) > 1 {
				return m.unlessLost(m.topUnsaved(), "Leave and lose what you typed?", m.back)
			}
			return nil
		}
		if !top.Capturing() {
			switch {
			case key.Matches(msg, k.Quit):
				return m.unlessLost(m.unsaved(), "Quit and lose what you typed?", m.quit)
			case key.Matches(msg, k.Help):
				m.fullHelp = !m.fullHelp
				m.layout()
				return nil
			}
		}
		return top.Update(msg)
	}
	return m.top().Update(msg)
}

// unsaved reports whether a screen holds typing not yet sent, or a
// feedback draft is kept that quitting would lose.
func (m *Model) unsaved() bool {
	if m.c.Drafts.Len() > 0 {
		return true
	}
	for _, s := range m.stack {
		if u, ok := s.(ui.Unsaved); ok && u.Unsaved() {
			return true
		}
	}
	return false
}

// unlessLost does then at once, or after asking question when it would
// lose typing (as lazygit does before discarding a changed form).
func (m *Model) unlessLost(lose bool, question string, then func() tea.Cmd) tea.Cmd {
	if lose {
		m.ask.Ask(question, then)
		return nil
	}
	return then()
}

func (m *Model) topUnsaved() bool {
	u, ok := m.top().(ui.Unsaved)
	return ok && u.Unsaved()
}

func (m *Model) quit() tea.Cmd {
	m.stopLive()
	return tea.Quit
}

// back closes the screen on top; the one below reloads.
func (m *Model) back() tea.Cmd {
	m.stack = m.stack[:len(m.stack)-1]
	m.layout()
	return m.top().Update(ui.RefreshMsg{})
}

// typedTogether handles letters that reached the program in one read (fast
// typing, a paste without bracketed paste, keys sent by a script). Bubble
// Tea hands them over as one key whose name is the letters, so the word
// "down" would be taken for the arrow key and "jj" for nothing at all. In
// a text field they are text, every one of them. Elsewhere a short burst
// (a quick "jj") is each letter its own key, in order; a longer one is
// text that landed on a list (a sentence typed before a field was open)
// and running it as commands would open forms and fill them with the
// rest, so it is dropped, aloud. Only a burst that starts with / goes on:
// the rest is what to search for.
func (m *Model) typedTogether(msg tea.KeyMsg) tea.Cmd {
	if m.top().Capturing() {
		// A paste matches no key binding, and text inputs insert it.
		msg.Paste = true
		return m.update(msg)
	}
	first := tea.KeyMsg{Type: tea.KeyRunes, Runes: msg.Runes[:1], Alt: msg.Alt}
	if len(msg.Runes) > maxKeysAtOnce && !key.Matches(first, m.c.Keys.Search) {
		m.setFlash(fmt.Sprintf("Ignored %d keys that arrived at once: on a list, letters are commands. "+
			"Press / to search, or one key at a time.", len(msg.Runes)), true)
		return nil
	}
	var cmds []tea.Cmd
	for i, r := range msg.Runes {
		if m.top().Capturing() {
			// A letter opened a text field (/ for search): the rest
			// is text.
			rest := tea.KeyMsg{Type: tea.KeyRunes, Runes: msg.Runes[i:], Paste: true}
			return tea.Batch(append(cmds, m.update(rest))...)
		}
		cmds = append(cmds, m.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
	}
	return tea.Batch(cmds...)
}

// maxKeysAtOnce is the most letters of one read a list screen runs as
// commands: key repeat and a fast "gg" stay under it, typed words do not.
const maxKeysAtOnce = 3

// result handles the answer of a request: session changes here, the rest
// to every open screen, since the one that asked may no longer be on top.
func (m *Model) result(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ui.LoggedInMsg:
		m.c.User = msg.User
		// The drafts of whoever signed in before are not theirs.
		m.c.Drafts.For(msg.User.ID)
		cmds := []tea.Cmd{m.reset(menu.New(m.c, m.api)), m.startLive()}
		if msg.Registered && !msg.User.EmailVerified {
			// The code is on its way: ask for it at once, over the menu
			// that esc leads back to.
			cmds = append(cmds, m.push(verify.New(m.c, m.api, true)))
		}
		if msg.Notice != "" {
			m.setFlash(msg.Notice, msg.Warn)
		}
		return tea.Batch(cmds...)
	case ui.LoggedOutMsg:
		return m.signedOut(msg.Notice, !msg.Forget)
	case ui.SessionExpiredMsg:
		if m.c.User == nil {
			return nil // already on the login screen
		}
		notice := MsgSessionExpired
		switch msg.Reason {
		case hiregate.MsgSessionRevoked:
			notice = MsgSessionRevoked
		case hiregate.MsgAccountDeactivated:
			notice = MsgAccountDeactivated
		}
		return m.signedOut(notice, true)
	case ui.EnrollmentRequiredMsg:
		if s, ok := m.top().(*mfa.Model); ok && s.Required() {
			return nil // already there
		}
		return m.reset(mfa.New(m.c, m.api, true))
	}
	var cmds []tea.Cmd
	for _, s := range m.stack {
		cmds = append(cmds, s.Update(msg))
	}
	return tea.Batch(cmds...)
}

// signedOut ends the session on this side: the live stream stops and the
// login screen says why. The email stays in the form (it is not a
// secret, and the next sign-in is often the same person's); an erased
// account leaves no trace.
func (m *Model) signedOut(notice string, keepEmail bool) tea.Cmd {
	m.stopLive()
	var email string
	if m.c.User != nil && keepEmail {
		email = m.c.User.Email
	}
	if !keepEmail {
		// Signed out on purpose: nothing of theirs stays behind.
		m.c.Drafts.For("")
	}
	m.c.User = nil
	return m.reset(login.New(m.c, m.api, notice).WithEmail(email))
}

func (m *Model) startLive() tea.Cmd {
	m.stopLive()
	if !m.c.Live {
		return nil
	}
	var cmd tea.Cmd
	m.stream, cmd = live.Start(m.api, client.StreamOptions{})
	return cmd
}

// Close stops what the model runs besides the program (the live stream),
// for a host that ends the program from outside (the SSH gateway).
func (m *Model) Close() { m.stopLive() }

func (m *Model) stopLive() {
	m.stream.Stop()
	m.stream, m.streamState = nil, 0
}

// onLive handles the stream's messages: a session the server ended sends
// the user to the login screen with the server's reason; events go to the
// screen on top, which reloads what they touch.
func (m *Model) onLive(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case live.StateMsg:
		if msg.Stream != m.stream || m.stream == nil {
			return nil // a stream already stopped
		}
		first := m.streamState == 0
		m.streamState = msg.State
		if first && msg.State == client.StreamConnected {
			// What the screen on top loaded before the stream was up may
			// have changed in between: it reloads as after a reset. Later
			// connections resume where they were (or get a real reset).
			reset := live.EventsMsg{Stream: m.stream, Events: []client.Event{{Type: hiregate.EventReset}}}
			return tea.Batch(m.top().Update(reset), m.stream.Wait())
		}
		if msg.State == client.StreamConnected && !first {
			// Back after a drop (often a server restart): the screen on
			// top reloads, as when the user comes back to it, so one whose
			// load failed meanwhile does not stay "Nothing loaded".
			return tea.Batch(m.top().Update(ui.RefreshMsg{}), m.stream.Wait())
		}
		if msg.State != client.StreamEnded {
			return m.stream.Wait()
		}
		m.stream = nil
		if hiregate.ErrorCode(msg.Err) == hiregate.EUNAUTHORIZED && m.c.User != nil {
			notice := hiregate.ErrorMessage(msg.Err)
			if client.IsSessionExpired(msg.Err) {
				notice = MsgSessionExpired
			}
			return m.signedOut(notice, true)
		}
		// Any other end (an older server without /events): the screens
		// still work, they just do not update by themselves.
		return nil
	case live.EventsMsg:
		if msg.Stream != m.stream || m.stream == nil {
			return nil
		}
		if reason := msg.Revoked(); reason != "" {
			return m.signedOut(reason, true)
		}
		return tea.Batch(m.top().Update(msg), m.stream.Wait())
	}
	return nil
}

func (m *Model) setFlash(text string, isErr bool) {
	m.flash, m.flashErr = text, isErr
}

func (m *Model) helpHeight() int {
	if !m.fullHelp {
		return 1
	}
	h := 1
	for _, col := range m.keyMap().FullHelp() {
		h = max(h, len(col))
	}
	if m.c.Version != "" {
		h++
	}
	return h
}

// bodyHeight is what is left for the screen: the header, the status line
// and the help take the rest.
func (m *Model) bodyHeight() int { return max(3, m.height-2-m.helpHeight()) }

func (m *Model) layout() {
	m.help.Width = m.width
	for _, s := range m.stack {
		s.SetSize(m.width, m.bodyHeight())
	}
}

// shortHelp is the footer line: the screen's keys in its order (the most
// important first), then back, help and quit. When they do not fit, the
// screen's last keys give way to "…", then quit and back; help, which
// lists every key, stays whatever the width: nothing is cut silently.
func (m *Model) shortHelp() string {
	km := m.keyMap()
	st := m.help.Styles
	item := func(b key.Binding) string {
		return st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(b.Help().Desc)
	}
	var screen []string
	for _, b := range km.screen.ShortHelp() {
		if b.Enabled() {
			screen = append(screen, item(b))
		}
	}
	var global []string
	help := -1
	for i, b := range km.global {
		if b.Help().Desc == "help" {
			help = i
		}
		global = append(global, item(b))
	}
	line := func(n int) string {
		parts := append([]string{}, screen[:n]...)
		if n < len(screen) {
			parts = append(parts, st.Ellipsis.Render("…"))
		}
		return strings.Join(append(parts, global...), st.ShortSeparator.Render(" • "))
	}
	n := len(screen)
	for n > 0 && lipgloss.Width(line(n)) > m.width {
		n--
	}
	for i := len(global) - 1; i >= 0 && lipgloss.Width(line(n)) > m.width; i-- {
		if i != help {
			global = append(global[:i], global[i+1:]...)
			if help > i {
				help--
			}
		}
	}
	return ansi.Truncate(line(n), m.width, "…")
}

// questionKeys are the keys while the root's question is open.
type questionKeys struct{ keys []key.Binding }

func (q questionKeys) ShortHelp() []key.Binding  { return q.keys }
func (q questionKeys) FullHelp() [][]key.Binding { return [][]key.Binding{q.keys} }

// keyMap is the top screen's keys followed by the global ones.
type keyMap struct {
	screen help.KeyMap
	global []key.Binding
}

func (k keyMap) ShortHelp() []key.Binding {
	return append(append([]key.Binding{}, k.screen.ShortHelp()...), k.global...)
}

func (k keyMap) FullHelp() [][]key.Binding {
	return append(append([][]key.Binding{}, k.screen.FullHelp()...), k.global)
}

func (m *Model) keyMap() keyMap {
	k := m.c.Keys
	top := m.top()
	if m.ask.Active() {
		return keyMap{screen: questionKeys{m.ask.KeyBindings(k)}}
	}
	var g []key.Binding
	modal := false
	if md, ok := top.(ui.Modal); ok && md.Modal() {
		modal = true
	}
	if len(m.stack) > 1 && !modal && !offers(top.ShortHelp(), k.Back) {
		g = append(g, k.Back)
	}
	if top.Capturing() || modal {
		// ? and q would be typed: F1 and ctrl+c work everywhere.
		g = append(g, k.HelpAny, k.ForceQuit)
	} else {
		g = append(g, k.Help, k.Quit)
	}
	return keyMap{screen: top, global: g}
}

// offers reports whether the screen's own keys already name b's key (a
// sign-in step's "esc back to password"): the footer says it once.
func offers(bs []key.Binding, b key.Binding) bool {
	for _, s := range bs {
		if s.Help().Key == b.Help().Key {
			return true
		}
	}
	return false
}

// maxStatusLines is how far a long error or question may wrap before it
// is cut: the end of "connect: connection refused" is the part that says
// what happened.
const maxStatusLines = 3

// View implements tea.Model.
func (m *Model) View() string {
	s := m.c.Styles
	status := m.status()
	// A status that wraps borrows its lines from the bottom of the body
	// for as long as it shows.
	extra := min(strings.Count(status, "\n"), m.bodyHeight()-1)
	bh := m.bodyHeight() - extra
	body := lipgloss.NewStyle().Height(bh).MaxHeight(bh).MaxWidth(m.width).Render(m.top().View())
	var footer string
	if m.fullHelp {
		footer = m.help.FullHelpView(m.keyMap().FullHelp())
		if m.c.Version != "" {
			footer += "\n" + s.Help.Render(ansi.Truncate(m.c.Version, m.width, "…"))
		}
	} else {
		footer = m.shortHelp()
	}
	return strings.Join([]string{m.header(), body, status, footer}, "\n")
}

// status is the line under the body: the spinner, the open question and
// the flash, wrapped to the width and cut after maxStatusLines.
func (m *Model) status() string {
	s := m.c.Styles
	status := ""
	if m.Busy() {
		status = m.spinner.View() + " working…"
	}
	if m.ask.Active() {
		status = m.ask.View(s)
	}
	if m.flash != "" {
		st := s.Success
		if m.flashErr {
			st = s.Error
		}
		status = strings.TrimSpace(status + " " + st.Render(m.flash))
	}
	lines := strings.Split(ansi.Wrap(status, m.width, " "), "\n")
	if len(lines) > maxStatusLines {
		lines = lines[:maxStatusLines]
		lines[maxStatusLines-1] = ansi.Truncate(lines[maxStatusLines-1], m.width-1, "") + "…"
	}
	return strings.Join(lines, "\n")
}

func (m *Model) header() string {
	s := m.c.Styles
	left := s.Brand.Render("hiregate") + s.HeaderInfo.Render(m.top().Title())
	var user, email, badge string
	if u := m.c.User; u != nil {
		user = s.HeaderInfo.Render(u.Email + " (" + string(u.Role) + ")")
		email = s.HeaderInfo.Render(u.Email)
	}
	server := s.HeaderInfo.Render(strings.TrimPrefix(strings.TrimPrefix(m.c.Server, "https://"), "http://"))
	if strings.HasPrefix(m.c.Server, "http://") {
		badge = s.Insecure.Render("NOT ENCRYPTED")
	}
	var conn, connShort string
	if m.streamState == client.StreamReconnecting {
		// Quietly: the screens work, they only stop updating by
		// themselves until the stream is back.
		conn = s.HeaderInfo.Render("reconnecting…")
		connShort = s.HeaderInfo.Render("↻")
	}
	// The widest that fits: the server goes first, then the role, then
	// the word "reconnecting"; the user and the warning stay.
	var r string
	for _, r = range []string{conn + user + server + badge, conn + user + badge, conn + email + badge, connShort + email + badge} {
		if m.width-lipgloss.Width(left)-lipgloss.Width(r) >= 1 {
			break
		}
	}
	gap := max(1, m.width-lipgloss.Width(left)-lipgloss.Width(r))
	line := left + s.Header.Render(strings.Repeat(" ", gap)) + r
	return ansi.Truncate(line, m.width, "")
}

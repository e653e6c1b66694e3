// Package app is the root model of the terminal client: the stack of open
// screens, the signed-in session, the header and the help footer.
package app

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/screens/account"
	"github.com/hiregate/hiregate/tui/screens/appdetail"
	"github.com/hiregate/hiregate/tui/screens/applications"
	"github.com/hiregate/hiregate/tui/screens/apply"
	"github.com/hiregate/hiregate/tui/screens/audit"
	"github.com/hiregate/hiregate/tui/screens/jobdetail"
	"github.com/hiregate/hiregate/tui/screens/jobform"
	"github.com/hiregate/hiregate/tui/screens/jobs"
	"github.com/hiregate/hiregate/tui/screens/login"
	"github.com/hiregate/hiregate/tui/screens/menu"
	"github.com/hiregate/hiregate/tui/screens/mfa"
	"github.com/hiregate/hiregate/tui/screens/mfacode"
	"github.com/hiregate/hiregate/tui/screens/password"
	"github.com/hiregate/hiregate/tui/screens/pipeline"
	"github.com/hiregate/hiregate/tui/screens/reports"
	"github.com/hiregate/hiregate/tui/screens/sessions"
	"github.com/hiregate/hiregate/tui/screens/users"
	"github.com/hiregate/hiregate/tui/ui"
)

// MsgSessionExpired is what the login screen says after the server stopped
// accepting the session.
const MsgSessionExpired = "Session expired: sign in again"

// API is every call of the terminal client: the union of what its
// screens call, each of which declares only its own part.
// *client.Client satisfies it.
type API interface {
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
	users.API
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
	// ask is what runs when the user answers yes to "Discard your
	// changes?"; nil while no such question is open.
	ask       tea.Cmd
	askPrompt string
	// laidOut is the footer height the screens were last sized for.
	laidOut int
}

// MsgDiscard is the question asked before typed text is thrown away.
const MsgDiscard = "Discard your changes?"

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
	case ui.PagePassword:
		return password.New(c, api)
	case ui.PageMFA:
		return mfa.New(c, api, false)
	case ui.PageReports:
		return reports.New(c, api)
	case ui.PageAccount:
		return account.New(c, api)
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
	cmd := m.update(msg)
	if m.helpHeight() != m.laidOut {
		// The footer grew or shrank with the screen's keys.
		m.layout()
	}
	return m, cmd
}

// dirty reports whether any open screen holds typed text.
func (m *Model) dirty() bool {
	for _, s := range m.stack {
		if d, ok := s.(ui.Dirty); ok && d.Dirty() {
			return true
		}
	}
	return false
}

// pop closes the top screen and tells the one below to refresh.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) < 2 {
		return nil
	}
	m.stack = m.stack[:len(m.stack)-1]
	m.layout()
	return m.top().Update(ui.RefreshMsg{})
}

func (m *Model) askDiscard(prompt string, then tea.Cmd) tea.Cmd {
	m.ask, m.askPrompt = then, prompt
	m.fullHelp = false
	return nil
}

// answer takes a key while the discard question is open: every key is
// the question's, so nothing is typed or lost by accident; ctrl+c still
// quits when pressed again.
func (m *Model) answer(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Yes):
		then := m.ask
		m.ask = nil
		return then
	case key.Matches(msg, k.No):
		m.ask = nil
	case key.Matches(msg, k.ForceQuit):
		return tea.Quit
	}
	return nil
}

// splitRunes turns keys that arrived together (fast typing, a paste the
// terminal did not bracket) into one key per rune: a field then takes
// every one of them as text, and a list takes "jj" as two moves, where a
// bunch read as one key would match a binding by its letters ("down") or
// match none.
func splitRunes(msg tea.KeyMsg) []tea.KeyMsg {
	out := make([]tea.KeyMsg, 0, len(msg.Runes))
	for _, r := range msg.Runes {
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
		if r == ' ' {
			k.Type = tea.KeySpace
		}
		out = append(out, k)
	}
	return out
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
		return m.pop()
	case ui.FlashMsg:
		m.setFlash(msg.Text, msg.Err)
		return nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			cmds := make([]tea.Cmd, 0, len(msg.Runes))
			for _, one := range splitRunes(msg) {
				cmds = append(cmds, m.update(one))
			}
			return tea.Sequence(cmds...)
		}
		m.flash = ""
		if m.ask != nil {
			return m.answer(msg)
		}
		if key.Matches(msg, k.ForceQuit) {
			if m.dirty() {
				return m.askDiscard("Discard your changes and quit?", tea.Quit)
			}
			return tea.Quit
		}
		if key.Matches(msg, k.HelpAlt) {
			m.fullHelp = !m.fullHelp
			m.layout()
			return nil
		}
		top := m.top()
		modal := false
		if md, ok := top.(ui.Modal); ok && md.Modal() {
			modal = true
		}
		if d, ok := top.(ui.Dirty); ok && d.Dirty() && key.Matches(msg, k.Back) {
			if modal {
				return m.askDiscard(MsgDiscard, func() tea.Msg { return ui.DiscardedMsg{} })
			}
			if len(m.stack) > 1 {
				return m.askDiscard(MsgDiscard, ui.Back(""))
			}
		}
		if modal {
			return top.Update(msg)
		}
		if key.Matches(msg, k.Back) {
			return m.pop()
		}
		if !top.Capturing() {
			switch {
			case key.Matches(msg, k.Quit):
				return tea.Quit
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

// result handles the answer of a request: session changes here, the rest
// to every open screen, since the one that asked may no longer be on top.
func (m *Model) result(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ui.LoggedInMsg:
		m.c.User = msg.User
		cmd := m.reset(menu.New(m.c, m.api))
		m.setFlash(msg.Flash, false)
		return cmd
	case ui.LoggedOutMsg:
		m.c.User = nil
		return m.reset(login.New(m.c, m.api, msg.Notice))
	case ui.SessionExpiredMsg:
		if m.c.User == nil {
			return nil // already on the login screen
		}
		notice := MsgSessionExpired
		if msg.Reason != "" {
			notice = msg.Reason
		}
		// The email stays: only the password is typed again.
		email := m.c.User.Email
		m.c.User = nil
		return m.reset(login.New(m.c, m.api, notice).WithEmail(email))
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

func (m *Model) setFlash(text string, isErr bool) {
	m.flash, m.flashErr = text, isErr
}

func (m *Model) helpHeight() int {
	if !m.fullHelp {
		return len(m.shortFooter())
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

// footerSep separates the keys of the footer.
const footerSep = " • "

// shortFooter lays the top screen's keys, most important first, then the
// global ones (back, help, quit) over at most two lines. What does not fit
// is never cut silently: the screen's last keys give way to "… more",
// and the global keys, help among them, always stay.
func (m *Model) shortFooter() []string {
	if m.ask != nil {
		k := m.c.Keys
		return m.wrapKeys([]key.Binding{keys.With(k.Yes, "discard"), keys.With(k.No, "keep editing")}, nil, false)
	}
	km := m.keyMap()
	var screen []key.Binding
	for _, b := range km.screen.ShortHelp() {
		if b.Enabled() && b.Help().Key != "" {
			screen = append(screen, b)
		}
	}
	for n := len(screen); n >= 0; n-- {
		if lines := m.wrapKeys(screen[:n], km.global, n < len(screen)); len(lines) <= 2 {
			return lines
		}
	}
	return m.wrapKeys(nil, km.global, true)[:2]
}

// wrapKeys renders screen's keys, "… more" when some were left out, then
// global's, wrapped to the terminal's width.
func (m *Model) wrapKeys(screen, global []key.Binding, more bool) []string {
	var items []string
	for _, b := range screen {
		items = append(items, b.Help().Key+" "+b.Help().Desc)
	}
	if more {
		items = append(items, "… more")
	}
	for _, b := range global {
		items = append(items, b.Help().Key+" "+b.Help().Desc)
	}
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case lipgloss.Width(line+footerSep+it) <= m.width:
			line += footerSep + it
		default:
			lines = append(lines, line)
			line = it
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	for i, l := range lines {
		lines[i] = m.c.Styles.Help.Render(ansi.Truncate(l, m.width, "…"))
	}
	return lines
}

// bodyHeight is what is left for the screen: the header, the status line
// and the help take the rest.
func (m *Model) bodyHeight() int { return max(3, m.height-2-m.helpHeight()) }

func (m *Model) layout() {
	m.help.Width = m.width
	m.laidOut = m.helpHeight()
	for _, s := range m.stack {
		s.SetSize(m.width, m.bodyHeight())
	}
}

// keyMap is the top screen's keys followed by the global ones.
type keyMap struct {
	screen ui.Component
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
	var g []key.Binding
	modal := false
	if md, ok := top.(ui.Modal); ok && md.Modal() {
		modal = true
	}
	if len(m.stack) > 1 && !modal {
		g = append(g, k.Back)
	}
	if top.Capturing() || modal {
		// ? and q would be typed or taken by the screen: f1 is not.
		g = append(g, k.HelpAlt, k.ForceQuit)
	} else {
		g = append(g, k.Help, k.Quit)
	}
	return keyMap{screen: top, global: g}
}

// View implements tea.Model.
func (m *Model) View() string {
	s := m.c.Styles
	body := lipgloss.NewStyle().Height(m.bodyHeight()).MaxHeight(m.bodyHeight()).MaxWidth(m.width).Render(m.top().View())
	status := ""
	if m.Busy() {
		status = m.spinner.View() + " working…"
	}
	if m.ask != nil {
		status = s.Confirm.Render(m.askPrompt + " (y/n)")
	}
	if m.flash != "" && m.ask == nil {
		st := s.Success
		if m.flashErr {
			st = s.Error
		}
		status = strings.TrimSpace(status + " " + st.Render(m.flash))
	}
	var footer string
	if m.fullHelp {
		footer = m.help.FullHelpView(m.keyMap().FullHelp())
		if m.c.Version != "" {
			footer += "\n" + s.Help.Render(ansi.Truncate(m.c.Version, m.width, "…"))
		}
	} else {
		footer = strings.Join(m.shortFooter(), "\n")
	}
	return strings.Join([]string{m.header(), body, ansi.Truncate(status, m.width, "…"), footer}, "\n")
}

func (m *Model) header() string {
	s := m.c.Styles
	left := s.Brand.Render("hiregate") + s.HeaderInfo.Render(m.top().Title())
	var user, badge string
	if u := m.c.User; u != nil {
		user = s.HeaderInfo.Render(u.Email + " (" + string(u.Role) + ")")
	}
	server := s.HeaderInfo.Render(strings.TrimPrefix(strings.TrimPrefix(m.c.Server, "https://"), "http://"))
	if strings.HasPrefix(m.c.Server, "http://") {
		badge = s.Insecure.Render("NOT ENCRYPTED")
	}
	r := user + server + badge
	if m.width-lipgloss.Width(left)-lipgloss.Width(r) < 1 {
		// Narrow terminal: the server goes first; the user and the
		// warning stay.
		r = user + badge
	}
	gap := max(1, m.width-lipgloss.Width(left)-lipgloss.Width(r))
	line := left + s.Header.Render(strings.Repeat(" ", gap)) + r
	return ansi.Truncate(line, m.width, "")
}

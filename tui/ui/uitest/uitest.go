// Package uitest drives the terminal client's models in tests: a real
// Bubble Tea program (teatest) with a probe that hands every rendered view
// to the test, so a test waits for what the user would see instead of
// sleeping.
package uitest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
	"github.com/hiregate/hiregate/tui/ui"
)

// Timeout bounds every wait of a test.
var Timeout = 10 * time.Second

// PinColors makes rendering independent of the terminal running the
// tests, so golden files are stable.
func PinColors() { lipgloss.SetColorProfile(termenv.Ascii) }

// Context returns a ui.Context for tests: styles without colour, UTC
// dates and the given API.
func Context(a ui.Context) *ui.Context {
	PinColors()
	c := a
	if c.Styles == nil {
		c.Styles = styles.New(true)
	}
	if c.Keys == nil {
		c.Keys = keys.DefaultKeyMap()
	}
	if c.Server == "" {
		c.Server = "http://127.0.0.1:8080"
	}
	if c.Loc == nil {
		c.Loc = time.UTC
	}
	return &c
}

// probe wraps a model and publishes each view it renders, stamped with
// the last sync message it processed.
type probe struct {
	inner tea.Model
	sync  int
	views chan frame
}

// frame is one rendered view; sync says which input it already reflects.
type frame struct {
	view string
	sync int
}

// syncMsg marks a point in the input: a view stamped with n reflects
// every key sent before it.
type syncMsg struct{ n int }

func (p *probe) Init() tea.Cmd { return p.inner.Init() }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(syncMsg); ok {
		p.sync = s.n
		return p, nil
	}
	var cmd tea.Cmd
	p.inner, cmd = p.inner.Update(msg)
	return p, cmd
}

func (p *probe) View() string {
	v := p.inner.View()
	// Keep only the newest view: drop an unread one first.
	select {
	case <-p.views:
	default:
	}
	p.views <- frame{v, p.sync}
	return v
}

// Driver runs a model in a test program.
type Driver struct {
	t     testing.TB
	TM    *teatest.TestModel
	probe *probe
	last  string
	// sent counts sync messages; a wait accepts only views that reflect
	// the newest one.
	sent int
}

// Run starts m in a w×h terminal.
func Run(t testing.TB, m tea.Model, w, h int) *Driver {
	t.Helper()
	PinColors()
	p := &probe{inner: m, views: make(chan frame, 1)}
	d := &Driver{t: t, probe: p}
	d.TM = teatest.NewTestModel(t, p, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() {
		_ = d.TM.Quit()
	})
	return d
}

// Model returns the model being driven. Read it only after Quit.
func (d *Driver) Model() tea.Model { return d.probe.inner }

var named = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "esc": tea.KeyEsc,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd,
	"backspace": tea.KeyBackspace, "space": tea.KeySpace,
	"ctrl+s": tea.KeyCtrlS, "ctrl+n": tea.KeyCtrlN, "ctrl+o": tea.KeyCtrlO, "ctrl+r": tea.KeyCtrlR,
	"ctrl+c": tea.KeyCtrlC, "ctrl+u": tea.KeyCtrlU, "ctrl+d": tea.KeyCtrlD, "f1": tea.KeyF1,
	"ctrl+f": tea.KeyCtrlF, "ctrl+t": tea.KeyCtrlT, "ctrl+y": tea.KeyCtrlY,
}

// Key sends named keys ("enter", "ctrl+s") or, for any other name, its
// characters one key at a time.
func (d *Driver) Key(names ...string) {
	for _, n := range names {
		if k, ok := named[n]; ok {
			d.TM.Send(tea.KeyMsg{Type: k})
			continue
		}
		d.TM.Type(n)
	}
	d.mark()
}

// Type types text.
func (d *Driver) Type(s string) {
	d.TM.Type(s)
	d.mark()
}

// Send sends a message.
func (d *Driver) Send(msg tea.Msg) {
	d.TM.Send(msg)
	d.mark()
}

// mark makes the next wait ignore views rendered before the input sent
// so far was processed.
func (d *Driver) mark() {
	d.sent++
	d.last = ""
	d.TM.Send(syncMsg{d.sent})
}

// WaitFor waits until a rendered view satisfies ok and returns it.
func (d *Driver) WaitFor(what string, ok func(view string) bool) string {
	d.t.Helper()
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	if d.last != "" && ok(d.last) {
		return d.last
	}
	for {
		select {
		case f := <-d.probe.views:
			if f.sync < d.sent {
				continue
			}
			d.last = f.view
			if ok(f.view) {
				return f.view
			}
		case <-timer.C:
			d.t.Fatalf("timed out waiting for %s; the screen shows:\n%s", what, d.last)
			return ""
		}
	}
}

// WaitContains waits until the view contains every one of texts.
func (d *Driver) WaitContains(texts ...string) string {
	d.t.Helper()
	return d.WaitFor(fmt.Sprintf("%q", texts), func(v string) bool {
		for _, s := range texts {
			if !strings.Contains(v, s) {
				return false
			}
		}
		return true
	})
}

// Last is the newest view seen by a wait.
func (d *Driver) Last() string { return d.last }

// Quit stops the program and returns the final view.
func (d *Driver) Quit() string {
	d.t.Helper()
	if err := d.TM.Quit(); err != nil {
		d.t.Fatal(err)
	}
	fm := d.TM.FinalModel(d.t, teatest.WithFinalTimeout(Timeout))
	return fm.View()
}

// Host shows one screen the way the root model would, minus the header:
// it unwraps request results, applies its size, and writes the navigation
// it was asked for on the last line, so tests can see it.
type Host struct {
	C      *ui.Context
	Screen ui.Component
	help   help.Model
	w, h   int
	// Nav is the last navigation or status the screen asked for.
	Nav string
}

// NewHost returns a host for s.
func NewHost(c *ui.Context, s ui.Component) *Host { return &Host{C: c, Screen: s, help: help.New()} }

// Init implements tea.Model.
func (h *Host) Init() tea.Cmd { return h.Screen.Init() }

// Update implements tea.Model.
func (h *Host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.w, h.h = msg.Width, msg.Height
		h.help.Width = msg.Width
		h.Screen.SetSize(msg.Width, msg.Height-2)
		return h, nil
	case ui.StartMsg:
		return h, nil
	case ui.ResultMsg:
		return h.Update(msg.Msg)
	case ui.OpenMsg:
		h.Nav = strings.TrimSpace(fmt.Sprintf("open %s %s", msg.Page, msg.ID))
		return h, nil
	case ui.BackMsg:
		h.Nav = "back: " + msg.Flash
		return h, nil
	case ui.FlashMsg:
		h.Nav = "flash: " + msg.Text
		return h, nil
	case ui.LoggedInMsg:
		h.Nav = "logged in: " + msg.User.Email
		if msg.Notice != "" {
			h.Nav += " — " + msg.Notice
		}
		return h, nil
	case ui.LoggedOutMsg:
		h.Nav = "logged out: " + msg.Notice
		return h, nil
	case ui.SessionExpiredMsg:
		h.Nav = "session expired"
		return h, nil
	}
	return h, h.Screen.Update(msg)
}

// View implements tea.Model.
func (h *Host) View() string {
	body := lipgloss.NewStyle().Height(max(1, h.h-2)).MaxHeight(max(1, h.h-2)).Render(h.Screen.View())
	return body + "\n" + h.help.ShortHelpView(h.Screen.ShortHelp()) + "\n" + h.Nav
}

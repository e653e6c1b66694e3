// Package stagemove is the one way a screen moves an application along the
// pipeline, rejects or withdraws it: the moves it offers and refuses are
// the domain's (hiregate.CheckTransition, the rule the server enforces),
// it asks before moving, and it makes the call.
package stagemove

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
)

// API is the call a Mover makes.
type API interface {
	UpdateApplication(ctx context.Context, id string, r hiregate.UpdateApplicationRequest) (*hiregate.Application, error)
}

// Mover asks before moving an application and moves it. A screen keeps
// one, hands it its keys while Active, shows Confirm in its head line and
// takes the MovedMsg it answers with.
type Mover struct {
	c      *ui.Context
	api    API
	q      confirm.Confirm
	moving bool
	// asked is the application as it was when the question was asked,
	// kept until the question is answered and the move is through, so a
	// reload can tell the user it changed under them.
	asked *hiregate.Application
	// refused is why the server refused the move, kept until the reload
	// that shows how the application is now.
	refused string
	// rejecting holds the reason and whether to mail the candidate while
	// a rejection is asked (nil otherwise): one question with two
	// choices, changed in place.
	rejecting *rejection
}

// rejection is what the reject question has chosen so far.
type rejection struct {
	app    *hiregate.Application
	reason int // index into hiregate.RejectReasons
	notify bool
}

// MovedMsg answers a move: App is the application as it is now, or Err
// says why it did not move.
type MovedMsg struct {
	from *Mover
	App  *hiregate.Application
	Err  error
}

// New returns a Mover for the signed-in user of c.
func New(c *ui.Context, api API) *Mover { return &Mover{c: c, api: api} }

// Actor is how the signed-in user stands to the applications they see:
// a candidate to their own, anyone else as the job's recruiter or an
// admin, since the server shows them no other.
func (m *Mover) Actor() hiregate.Actor {
	if m.c.Role() == hiregate.RoleCandidate {
		return hiregate.ActorCandidate
	}
	return hiregate.ActorRecruiter
}

// Forward lists the pipeline stages the user may move a to, nearest
// first; rejecting and withdrawing have keys of their own.
func (m *Mover) Forward(a *hiregate.Application) []hiregate.Stage {
	var out []hiregate.Stage
	for _, s := range hiregate.NextStages(a.Status, m.Actor()) {
		if s != hiregate.StageRejected && s != hiregate.StageWithdrawn {
			out = append(out, s)
		}
	}
	return out
}

// Ask checks by the domain's rules that the user may move a to stage to,
// and asks them to confirm it. It returns why the move is refused, in
// words, or "" when the question is open.
func (m *Mover) Ask(a *hiregate.Application, to hiregate.Stage) string {
	if err := hiregate.CheckTransition(a.Status, to, m.Actor()); err != nil {
		return m.c.ErrorText(err)
	}
	asked := *a
	m.asked, m.refused = &asked, ""
	if to == hiregate.StageRejected {
		m.rejecting = &rejection{app: &asked, notify: true}
		m.askReject()
		return ""
	}
	m.rejecting = nil
	id := a.ID
	m.q.Ask(prompt(a, to), func() tea.Cmd {
		return m.move(id, hiregate.UpdateApplicationRequest{Status: to})
	})
	return ""
}

// Chosen moves a to a stage the user picked from a line that named the
// application and the stage: the pick was the question, so it is not
// asked a second time. It returns why the move is refused, in words, or
// the command that makes it.
func (m *Mover) Chosen(a *hiregate.Application, to hiregate.Stage) (tea.Cmd, string) {
	if err := hiregate.CheckTransition(a.Status, to, m.Actor()); err != nil {
		return nil, m.c.ErrorText(err)
	}
	asked := *a
	m.asked, m.refused = &asked, ""
	return m.move(a.ID, hiregate.UpdateApplicationRequest{Status: to}), ""
}

// askReject (re)asks the reject question with the choices made so far.
func (m *Mover) askReject() {
	r := m.rejecting
	reason := hiregate.RejectReasons[r.reason]
	mail := "no mail"
	if r.notify {
		mail = "mail them"
	}
	q := fmt.Sprintf("Reject %s? ‹%s› ←/→ · %s (tab)", r.app.Candidate.FullName, reason.Label(), mail)
	id, notify := r.app.ID, r.notify
	m.q.Ask(q, func() tea.Cmd {
		m.rejecting = nil
		return m.move(id, hiregate.UpdateApplicationRequest{Status: hiregate.StageRejected, Reason: reason, Notify: &notify})
	})
}

// AskNext is Ask for the nearest stage forward.
func (m *Mover) AskNext(a *hiregate.Application) string {
	if next := m.Forward(a); len(next) > 0 {
		return m.Ask(a, next[0])
	}
	// No stage is ahead only of a final one; the domain says so in its
	// own words when asked to stay.
	return m.Ask(a, a.Status)
}

// Done says in one line what a move the user made did, the same on every
// screen: a is the application as the server answered.
func Done(a *hiregate.Application) string {
	switch a.Status {
	case hiregate.StageWithdrawn:
		return fmt.Sprintf("You withdrew your application to %q", a.Job.Title)
	case hiregate.StageRejected:
		return fmt.Sprintf("Rejected %s's application", a.Candidate.FullName)
	}
	return fmt.Sprintf("%s moved to %s", a.Candidate.FullName, a.Status)
}

func prompt(a *hiregate.Application, to hiregate.Stage) string {
	switch to {
	case hiregate.StageWithdrawn:
		return fmt.Sprintf("Withdraw your application to %q?", a.Job.Title)
	case hiregate.StageRejected:
		return fmt.Sprintf("Reject %s's application?", a.Candidate.FullName)
	}
	return fmt.Sprintf("Move %s to %s?", a.Candidate.FullName, to)
}

func (m *Mover) move(id string, r hiregate.UpdateApplicationRequest) tea.Cmd {
	m.moving = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		a, err := m.api.UpdateApplication(ctx, id, r)
		return MovedMsg{from: m, App: a, Err: err}, err
	})
}

// Took reports whether msg answers this Mover's move (every open screen
// sees every answer), and marks the move done.
func (m *Mover) Took(msg MovedMsg) bool {
	if msg.from != m {
		return false
	}
	m.moving = false
	if msg.Err != nil {
		m.refused = m.c.ErrorText(msg.Err)
	} else {
		m.asked = nil
	}
	return true
}

// Recheck compares the application the open question (or the move the
// server just refused) is about with find's answer for its id, the
// application as a reload found it (nil when the reload did not hold
// it). Changed meanwhile, the question is withdrawn and Recheck says
// what happened, in one line; a refused move that changed nothing keeps
// the server's reason. "" means there is nothing to say.
func (m *Mover) Recheck(find func(id string) *hiregate.Application) string {
	a := m.asked
	if a == nil {
		return ""
	}
	if !m.q.Active() && m.refused == "" {
		if !m.moving {
			m.asked = nil // answered no
		}
		return ""
	}
	now := find(a.ID)
	if now == nil {
		return ""
	}
	refused := m.refused
	m.refused = ""
	if now.Status == a.Status {
		if refused != "" {
			m.asked = nil
		}
		return refused
	}
	m.q.Withdraw()
	m.asked = nil
	return m.Meanwhile(now)
}

// Meanwhile says in one line what someone else did to a, now as it is,
// since the user looked at it.
func (m *Mover) Meanwhile(a *hiregate.Application) string {
	by := ""
	if n := len(a.History); n > 0 && a.History[n-1].ByName != "" {
		by = " by " + a.History[n-1].ByName
	}
	who := a.Candidate.FullName
	if m.Actor() == hiregate.ActorCandidate {
		who = fmt.Sprintf("Your application to %q", a.Job.Title)
	}
	switch a.Status {
	case hiregate.StageRejected:
		return fmt.Sprintf("%s was rejected%s meanwhile", who, by)
	case hiregate.StageWithdrawn:
		return fmt.Sprintf("%s was withdrawn%s meanwhile", who, by)
	}
	return fmt.Sprintf("%s was moved to %s%s meanwhile", who, a.Status, by)
}

// Moving reports whether a move has been sent and not answered.
func (m *Mover) Moving() bool { return m.moving }

// Active reports whether the question is open; every key is then its.
func (m *Mover) Active() bool { return m.q.Active() }

// Update answers the open question with a key; while rejecting, ←/→
// choose the reason and tab whether the candidate is mailed.
func (m *Mover) Update(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if r := m.rejecting; r != nil {
		n := len(hiregate.RejectReasons)
		switch {
		case key.Matches(msg, k.Left):
			r.reason = (r.reason + n - 1) % n
			m.askReject()
			return nil
		case key.Matches(msg, k.Right):
			r.reason = (r.reason + 1) % n
			m.askReject()
			return nil
		case key.Matches(msg, k.NextField):
			r.notify = !r.notify
			m.askReject()
			return nil
		}
	}
	cmd := m.q.Update(msg, k)
	if !m.q.Active() {
		m.rejecting = nil
	}
	return cmd
}

// Confirm is the question, for the screen's head line.
func (m *Mover) Confirm() *confirm.Confirm { return &m.q }

// KeyBindings are the keys while the question is open.
func (m *Mover) KeyBindings() []key.Binding {
	k := m.c.Keys
	if m.rejecting != nil {
		return append([]key.Binding{keys.With(k.Right, "reason"), keys.With(k.NextField, "mail or not")}, m.q.KeyBindings(k)...)
	}
	return m.q.KeyBindings(k)
}

// Package team is a job's hiring team: who works on it (recruiters) and
// who interviews for it, and the scorecard its interviewers fill in. The
// job's owner and admins add people by searching recruiters and
// interviewers by name or email, remove them after a question, and edit
// the scorecard; team recruiters see it all read-only.
package team

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/form"
	"github.com/hiregate/hiregate/tui/widgets/list"
	"github.com/hiregate/hiregate/tui/widgets/search"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Job(ctx context.Context, id string) (*hiregate.Job, error)
	Team(ctx context.Context, jobID string) (*hiregate.Team, error)
	SetTeam(ctx context.Context, jobID string, r hiregate.PutTeamRequest) (*hiregate.Team, error)
	SearchStaff(ctx context.Context, f hiregate.StaffFilter) (*hiregate.List[hiregate.StaffUser], error)
	Scorecard(ctx context.Context, jobID string) (*hiregate.Scorecard, error)
	SetScorecard(ctx context.Context, jobID string, r hiregate.PutScorecardRequest) (*hiregate.Scorecard, error)
}

type mode int

const (
	viewing mode = iota
	adding       // searching people to add
	scoring      // editing the scorecard
)

// Model is the team screen.
type Model struct {
	c     *ui.Context
	api   API
	jobID string
	job   *hiregate.Job
	team  *hiregate.Team
	card  *hiregate.Scorecard
	list  list.List
	mode  mode
	// find searches the people who may join; found is what it found.
	find  *search.Search
	found list.Paged[hiregate.StaffUser]
	score *form.Form
	ask   confirm.Confirm
	err   string
	busy  bool
	w, h  int
}

type loadedMsg struct {
	job  *hiregate.Job
	team *hiregate.Team
	card *hiregate.Scorecard
	err  error
}

type savedMsg struct {
	team  *hiregate.Team
	flash string
	// who is the member the change was about: the selection goes to them.
	who string
	err error
}

type foundMsg struct {
	q    string
	list *hiregate.List[hiregate.StaffUser]
	err  error
}

type scoredMsg struct {
	card *hiregate.Scorecard
	err  error
}

// New returns the team screen of job jobID.
func New(c *ui.Context, api API, jobID string) *Model {
	m := &Model{c: c, api: api, jobID: jobID, find: search.New("recruiters and interviewers by name or email")}
	m.list.Columns = []list.Column{{Title: "Name"}, {Title: "Email", Width: 26}, {Title: "Role", Width: 11}, {Title: "", Width: 8}}
	m.found.Columns = []list.Column{{Title: "Name"}, {Title: "Email", Width: 26}, {Title: "Role", Width: 11}}
	return m
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		j, err := m.api.Job(ctx, m.jobID)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		t, err := m.api.Team(ctx, m.jobID)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		sc, err := m.api.Scorecard(ctx, m.jobID)
		return loadedMsg{job: j, team: t, card: sc, err: err}, err
	})
}

// manages reports whether the user may change the team: the job's owner
// or an admin.
func (m *Model) manages() bool {
	if m.job == nil || m.c.User == nil {
		return false
	}
	return m.c.Role() == hiregate.RoleAdmin || m.job.Recruiter.ID == m.c.User.ID
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Hiring team" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool {
	return (m.mode == adding && m.find.Focused()) || (m.mode == scoring && m.score.Capturing())
}

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.mode != viewing || m.ask.Active() }

// Unsaved implements ui.Unsaved: a scorecard being edited.
func (m *Model) Unsaved() bool { return m.mode == scoring && m.score.Changed() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.find.SetWidth(w)
	m.list.SetSize(w, max(2, min(len(m.members())+1, h-8)))
	m.found.SetSize(w, max(2, h-4))
	if m.score != nil {
		m.score.SetSize(w, h-3)
	}
}

func (m *Model) members() []hiregate.TeamMember {
	if m.team == nil {
		return nil
	}
	return m.team.Members
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		m.busy = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		m.job, m.card = msg.job, msg.card
		m.setTeam(msg.team)
	case savedMsg:
		m.busy = false
		if m.c.Fail(&m.err, msg.err) {
			return m.load() // show the team as it is
		}
		m.setTeam(msg.team)
		for i, p := range msg.team.Members {
			if p.UserID == msg.who {
				m.list.SetCursor(i)
			}
		}
		m.mode = viewing
		return ui.Flash(msg.flash, false)
	case scoredMsg:
		m.busy = false
		if msg.err != nil {
			m.score.SetError(m.c, msg.err)
			return nil
		}
		m.card, m.mode, m.score = msg.card, viewing, nil
		return ui.Flash("Scorecard saved", false)
	case foundMsg:
		if msg.q != m.find.Value() {
			return nil // typing went on
		}
		m.found.Loaded(m.c, msg.list, false, msg.err)
	case ui.RefreshMsg:
		if m.mode == viewing {
			return m.load()
		}
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
		if m.ask.Active() {
			return m.ask.Update(msg, k)
		}
		switch m.mode {
		case adding:
			return m.updateAdding(msg)
		case scoring:
			return m.updateScoring(msg)
		}
		return m.updateViewing(msg)
	default:
		if m.mode == adding && m.find.Due(msg) {
			return m.search()
		}
		if m.mode == scoring {
			cmd, _ := m.score.Update(msg, k)
			return cmd
		}
	}
	return nil
}

func (m *Model) setTeam(t *hiregate.Team) {
	m.team = t
	m.list.SetLen(len(t.Members))
	m.SetSize(m.w, m.h)
}

func (m *Model) updateViewing(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if m.list.Update(msg, k) {
		m.err = ""
		return nil
	}
	switch {
	case key.Matches(msg, k.Refresh):
		return m.load()
	case !m.manages():
	case key.Matches(msg, k.AddMember):
		m.mode, m.err = adding, ""
		m.find.Input.SetValue("")
		m.found.Items = nil
		m.found.SetLen(0)
		return tea.Batch(m.find.Focus(), m.search())
	case key.Matches(msg, k.RemoveMember) && m.list.Cursor() >= 0:
		p := m.team.Members[m.list.Cursor()]
		m.ask.Ask(fmt.Sprintf("Remove %s from the team of %q?", p.FullName, m.job.Title), func() tea.Cmd {
			return m.change(func(in []hiregate.TeamMemberInput) []hiregate.TeamMemberInput {
				return slices.DeleteFunc(in, func(x hiregate.TeamMemberInput) bool { return x.UserID == p.UserID })
			}, p.FullName+" is off the team", "")
		})
	case key.Matches(msg, k.Scorecard):
		m.mode = scoring
		m.score = scoreForm(m.card)
		m.score.SetSize(m.w, m.h-3)
		return m.score.Focus(0)
	}
	return nil
}

func (m *Model) search() tea.Cmd {
	q := m.find.Value()
	m.found.Loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		l, err := m.api.SearchStaff(ctx, hiregate.StaffFilter{Q: strings.TrimSpace(q), Limit: hiregate.MaxPageLimit})
		return foundMsg{q: q, list: l, err: err}, err
	})
}

func (m *Model) updateAdding(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if m.find.Focused() {
		if key.Matches(msg, k.Back) {
			m.mode = viewing
			m.find.Blur()
			return nil
		}
		if key.Matches(msg, k.Open) && m.found.Len() > 0 {
			m.find.Blur()
			return m.add()
		}
		return m.find.Update(msg, k)
	}
	switch {
	case key.Matches(msg, k.Back):
		m.mode = viewing
	case key.Matches(msg, k.Search):
		return m.find.Focus()
	case key.Matches(msg, k.Open):
		return m.add()
	default:
		m.found.List.Update(msg, k)
	}
	return nil
}

// add puts the selected person on the team, in the team role that goes
// with their account.
func (m *Model) add() tea.Cmd {
	i := m.found.Cursor()
	if i < 0 {
		return nil
	}
	u := m.found.Items[i]
	role := hiregate.TeamInterviewer
	if u.Role == hiregate.RoleRecruiter {
		role = hiregate.TeamRecruiter
	}
	if m.team != nil && (u.ID == m.team.Owner.ID || slices.ContainsFunc(m.team.Members, func(p hiregate.TeamMember) bool { return p.UserID == u.ID })) {
		m.err = u.FullName + " is already on the team"
		m.mode = viewing
		return nil
	}
	return m.change(func(in []hiregate.TeamMemberInput) []hiregate.TeamMemberInput {
		return append(in, hiregate.TeamMemberInput{UserID: u.ID, Role: role})
	}, fmt.Sprintf("%s joined the team as %s", u.FullName, role), u.ID)
}

// change applies edit to the team as the server has it now, so that a
// change someone else made meanwhile is kept, and saves it.
func (m *Model) change(edit func([]hiregate.TeamMemberInput) []hiregate.TeamMemberInput, flash, who string) tea.Cmd {
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		t, err := m.api.Team(ctx, m.jobID)
		if err != nil {
			return savedMsg{err: err}, err
		}
		in := make([]hiregate.TeamMemberInput, 0, len(t.Members)+1)
		for _, p := range t.Members {
			in = append(in, hiregate.TeamMemberInput{UserID: p.UserID, Role: p.Role})
		}
		t, err = m.api.SetTeam(ctx, m.jobID, hiregate.PutTeamRequest{Members: edit(in)})
		return savedMsg{team: t, flash: flash, who: who, err: err}, err
	})
}

// scoreForm is the scorecard as text: one criterion a line, "Name: what
// it means".
func scoreForm(sc *hiregate.Scorecard) *form.Form {
	f := form.New(
		form.Area("criteria", "Criteria", hiregate.MaxCriteria*(hiregate.MaxCriterionNameLen+hiregate.MaxCriterionDescLen+3)),
		form.Choice("required_before_offer", "Feedback before offer", "not required", "required"),
	)
	if sc != nil {
		var lines []string
		for _, c := range sc.Criteria {
			l := c.Name
			if c.Description != "" {
				l += ": " + c.Description
			}
			lines = append(lines, l)
		}
		f.Field("criteria").SetValue(strings.Join(lines, "\n"))
		if sc.RequiredBeforeOffer {
			f.Field("required_before_offer").SetValue("required")
		}
	}
	f.MarkClean()
	return f
}

// ParseCriteria reads the scorecard form's text: one criterion a line,
// "Name: what it means" or just "Name"; blank lines are skipped.
func ParseCriteria(text string) []hiregate.Criterion {
	var out []hiregate.Criterion
	for _, l := range strings.Split(text, "\n") {
		name, desc, _ := strings.Cut(l, ":")
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, hiregate.Criterion{Name: name, Description: strings.TrimSpace(desc)})
		}
	}
	return out
}

func (m *Model) updateScoring(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.Back) {
		if !m.score.Changed() {
			m.mode, m.score = viewing, nil
			return nil
		}
		m.ask.Ask("Discard the changes to the scorecard?", func() tea.Cmd {
			m.mode, m.score = viewing, nil
			return nil
		})
		return nil
	}
	cmd, submit := m.score.Update(msg, k)
	if !submit {
		return cmd
	}
	req := hiregate.PutScorecardRequest{
		Criteria:            ParseCriteria(m.score.Field("criteria").Value()),
		RequiredBeforeOffer: m.score.Field("required_before_offer").Value() == "required",
	}
	m.score.ClearErrors()
	if err := req.Validate(); err != nil {
		m.score.SetFieldErrors(ui.FieldErrors(err))
		return nil
	}
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		sc, err := m.api.SetScorecard(ctx, m.jobID, req)
		return scoredMsg{sc, err}, err
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	if m.job == nil || m.team == nil {
		if m.err != "" {
			return s.Error.Render(m.err)
		}
		return s.Subtle.Render("Loading…")
	}
	title := s.Title.Render(m.job.Title) + s.Subtle.Render(" · hiring team")
	switch m.mode {
	case adding:
		head := confirm.Head(s, m.w, nil, m.found.Err, s.Subtle.Render("Add to the team: pick a recruiter or an interviewer, enter adds them"))
		return title + "\n" + head + "\n" + m.find.View() + "\n" + m.found.View(s, "nobody found: recruiters and interviewers only (an admin creates them)", func(i int) []string {
			u := m.found.Items[i]
			return []string{u.FullName, u.Email, string(u.Role)}
		})
	case scoring:
		hint := "One criterion a line, as  Name: what it means. Interviewers rate each 1–4."
		return title + "\n" + s.Subtle.Render(ansi.Truncate(hint, m.w, "…")) + "\n" + m.score.View(s)
	}
	var b strings.Builder
	b.WriteString(title + "\n")
	about := "Owner: " + m.team.Owner.FullName + " · recruiters work the applications, interviewers see only theirs"
	b.WriteString(ansi.Truncate(confirm.Head(s, m.w, &m.ask, m.err, s.Subtle.Render(about)), m.w, "…") + "\n")
	b.WriteString(m.list.View(s, "Nobody else yet: press a to add someone.", func(i int) []string {
		p := m.team.Members[i]
		state := ""
		if !p.Active {
			state = "inactive"
		}
		return []string{p.FullName, p.Email, string(p.Role), state}
	}) + "\n\n")
	head := "Scorecard"
	if m.card != nil && m.card.RequiredBeforeOffer {
		head += " · feedback required before offer"
	}
	b.WriteString(s.Section.Render(head) + "\n")
	if m.card == nil || len(m.card.Criteria) == 0 {
		hint := "No criteria yet."
		if m.manages() {
			hint += " Press s to write them."
		}
		b.WriteString(s.Subtle.Render(hint))
	}
	if m.card != nil {
		for i, c := range m.card.Criteria {
			l := fmt.Sprintf("%d. %s", i+1, c.Name)
			if c.Description != "" {
				l += s.Subtle.Render(" — " + c.Description)
			}
			b.WriteString(ansi.Truncate(l, m.w, "…") + "\n")
		}
	}
	return lipgloss.NewStyle().MaxHeight(max(1, m.h)).Render(strings.TrimRight(b.String(), "\n"))
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.ask.Active():
		return m.ask.KeyBindings(k)
	case m.mode == adding && m.find.Focused():
		return []key.Binding{keys.With(k.Open, "add"), keys.With(k.Back, "cancel")}
	case m.mode == adding:
		return []key.Binding{keys.With(k.Open, "add"), k.Search, keys.With(k.Down, "person"), keys.With(k.Back, "cancel")}
	case m.mode == scoring:
		return []key.Binding{keys.With(k.SubmitAlt, "save"), k.NextField, keys.With(k.Back, "cancel")}
	case m.manages():
		b := []key.Binding{k.AddMember}
		if m.list.Cursor() >= 0 {
			b = append(b, k.RemoveMember)
		}
		return append(b, keys.With(k.Scorecard, "edit scorecard"), keys.With(k.Down, "member"))
	}
	return []key.Binding{keys.With(k.Down, "member")}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), {k.Up, k.Down, k.Refresh}}
}

// Package jobdetail shows one job, scrollable, with the actions the
// signed-in user's role has on it.
package jobdetail

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/confirm"
	"github.com/hiregate/hiregate/tui/widgets/scroll"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	Job(ctx context.Context, id string) (*hiregate.Job, error)
	UpdateJob(ctx context.Context, id string, req hiregate.UpdateJobRequest) (*hiregate.Job, error)
	MyApplications(ctx context.Context, f hiregate.ApplicationFilter) (*hiregate.List[hiregate.Application], error)
	Team(ctx context.Context, jobID string) (*hiregate.Team, error)
}

// Model is the job detail screen.
type Model struct {
	c   *ui.Context
	api API
	id  string
	job *hiregate.Job
	// mine is the signed-in candidate's application to the job, nil when
	// they have not applied (or are no candidate).
	mine *hiregate.Application
	// onTeam says the signed-in recruiter is a team recruiter of the job
	// (not its owner): they work its applications, not the job itself.
	onTeam bool
	// team is the job's hiring team, for those who may see it.
	team    *hiregate.Team
	vp      scroll.Scroll
	confirm confirm.Confirm
	// asked is the job's status when the open question was asked: a
	// reload that finds another withdraws the question.
	asked   hiregate.JobStatus
	err     string
	loading bool
	width   int
	height  int
	events  live.Reload
}

type loadedMsg struct {
	job    *hiregate.Job
	mine   *hiregate.Application
	team   *hiregate.Team
	onTeam bool
	err    error
}

type updatedMsg struct {
	job *hiregate.Job
	err error
}

// New returns the detail screen of job id.
func New(c *ui.Context, api API, id string) *Model {
	return &Model{c: c, api: api, id: id, vp: scroll.New()}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.loading = true
	candidate := m.candidate()
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		j, err := m.api.Job(ctx, m.id)
		if err == nil && (m.c.Role() == hiregate.RoleRecruiter || m.c.Role() == hiregate.RoleAdmin) {
			team, onTeam, err := m.findTeam(ctx)
			return loadedMsg{job: j, team: team, onTeam: onTeam, err: err}, err
		}
		if err != nil || !candidate {
			return loadedMsg{job: j, err: err}, err
		}
		mine, err := m.findMine(ctx)
		return loadedMsg{job: j, mine: mine, err: err}, err
	})
}

func (m *Model) candidate() bool { return m.c.Role() == hiregate.RoleCandidate }

// findMine finds the candidate's application to the job. The API cannot
// filter a candidate's applications by job, so this reads one full page:
// one request. A candidate with more applications than a page may not see
// the note for a job on a later page; applying again there still gets the
// server's "already applied".
func (m *Model) findMine(ctx context.Context) (*hiregate.Application, error) {
	l, err := m.api.MyApplications(ctx, hiregate.ApplicationFilter{Limit: hiregate.MaxPageLimit})
	if err != nil {
		return nil, err
	}
	for i := range l.Items {
		if l.Items[i].Job.ID == m.id {
			return &l.Items[i], nil
		}
	}
	return nil, nil
}

// findTeam returns the job's team and whether the signed-in user is one
// of its recruiters. A recruiter off the team may not see it (404): no
// team, no error.
func (m *Model) findTeam(ctx context.Context) (*hiregate.Team, bool, error) {
	t, err := m.api.Team(ctx, m.id)
	if hiregate.ErrorCode(err) == hiregate.ENOTFOUND || hiregate.ErrorCode(err) == hiregate.EFORBIDDEN {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	for _, p := range t.Members {
		if m.c.User != nil && p.UserID == m.c.User.ID && p.Role == hiregate.TeamRecruiter {
			return t, true, nil
		}
	}
	return t, false, nil
}

// Title implements ui.Component.
func (m *Model) Title() string { return "Job" }

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return false }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.vp.SetSize(w, h)
	m.render()
}

func (m *Model) manages() bool {
	if m.job == nil {
		return false
	}
	switch m.c.Role() {
	case hiregate.RoleAdmin:
		return true
	case hiregate.RoleRecruiter:
		return m.c.User != nil && m.job.Recruiter.ID == m.c.User.ID
	}
	return false
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case loadedMsg:
		m.loading = false
		m.c.Fail(&m.err, msg.err)
		if msg.job != nil {
			if m.confirm.Active() && msg.job.Status != m.asked {
				m.confirm.Withdraw()
				verb := "closed"
				if msg.job.Status == hiregate.JobOpen {
					verb = "reopened"
				}
				m.err = fmt.Sprintf("%q was %s by someone else meanwhile", msg.job.Title, verb)
			}
			m.job, m.mine, m.team, m.onTeam = msg.job, msg.mine, msg.team, msg.onTeam
			m.render()
		}
		if m.events.Done() {
			return m.load()
		}
	case live.EventsMsg:
		// The job itself, its counts (owner) or the candidate's own
		// application to it.
		if msg.Any(live.AboutJob(m.id)) && m.events.Want() {
			return m.load()
		}
	case updatedMsg:
		m.loading = false
		if m.c.Fail(&m.err, msg.err) {
			return nil
		}
		m.job = msg.job
		m.render()
		return ui.Flash("Job is now "+string(msg.job.Status), false)
	case ui.RefreshMsg:
		return m.load()
	case tea.KeyMsg:
		if m.confirm.Active() {
			return m.confirm.Update(msg, k)
		}
		switch {
		case m.canApply() && key.Matches(msg, k.Apply):
			return ui.Open(ui.PageApply, m.id)
		case m.mine != nil && key.Matches(msg, k.Open):
			return ui.Open(ui.PageApp, m.mine.ID)
		case m.manages() && key.Matches(msg, k.Edit):
			j := *m.job
			return func() tea.Msg { return ui.OpenMsg{Page: ui.PageJobForm, ID: j.ID, Job: &j} }
		case m.manages() && key.Matches(msg, k.CloseJob):
			to, verb := hiregate.JobClosed, "Close"
			if m.job.Status == hiregate.JobClosed {
				to, verb = hiregate.JobOpen, "Reopen"
			}
			m.asked = m.job.Status
			m.confirm.Ask(fmt.Sprintf("%s %q?", verb, m.job.Title), func() tea.Cmd { return m.setStatus(to) })
		case m.works() && key.Matches(msg, k.Applications):
			return ui.Open(ui.PageJobApps, m.id)
		case m.works() && key.Matches(msg, k.Pipeline):
			return ui.Open(ui.PagePipeline, m.id)
		case m.works() && key.Matches(msg, k.Team):
			return ui.Open(ui.PageTeam, m.id)
		case key.Matches(msg, k.Refresh):
			return m.load()
		default:
			return m.vp.Update(msg, m.c.Keys)
		}
	}
	return nil
}

// works reports whether the user works the job's applications: its
// owner, an admin, or a recruiter of its team.
func (m *Model) works() bool { return m.manages() || m.onTeam }

// canApply reports whether to offer applying: to a candidate who has not
// applied yet (the server allows one application per job, withdrawn or
// not).
func (m *Model) canApply() bool { return m.candidate() && m.job != nil && m.mine == nil }

func (m *Model) setStatus(to hiregate.JobStatus) tea.Cmd {
	m.loading = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		j, err := m.api.UpdateJob(ctx, m.id, hiregate.UpdateJobRequest{Status: &to})
		return updatedMsg{j, err}, err
	})
}

func (m *Model) render() {
	if m.job == nil {
		return
	}
	s := m.c.Styles
	j := m.job
	w := max(20, m.width-2)
	var b strings.Builder
	b.WriteString(s.Title.Render(j.Title) + "  " + s.StageText(string(j.Status)) + "\n")
	meta := []string{j.Location, j.EmploymentType.Label()}
	if sal := Salary(j); sal != "" {
		meta = append(meta, sal)
	}
	b.WriteString(strings.Join(nonEmpty(meta), " · ") + "\n")
	b.WriteString(s.Subtle.Render(fmt.Sprintf("Posted %s by %s", m.c.Date(j.CreatedAt), j.Recruiter.FullName)) + "\n")
	if a := m.mine; a != nil {
		b.WriteString(s.Success.Render("You applied on "+m.c.Date(a.CreatedAt)+" — status ") + s.StageText(string(a.Status)) + "\n")
	}
	if j.ApplicationCounts != nil {
		var parts []string
		for _, st := range hiregate.Stages {
			if n := j.ApplicationCounts[st]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", st, n))
			}
		}
		if len(parts) == 0 {
			parts = []string{"none yet"}
		}
		b.WriteString("Applications: " + strings.Join(parts, ", ") + "\n")
	}
	if t := m.team; t != nil {
		b.WriteString(TeamLine(t) + s.Subtle.Render("  (t: the team)") + "\n")
	}
	b.WriteString("\n" + s.Section.Render("Description") + "\n")
	desc := j.Description
	if strings.TrimSpace(desc) == "" {
		desc = s.Subtle.Render("(no description)")
	}
	b.WriteString(lipgloss.NewStyle().Width(w).Render(desc))
	m.vp.SetContent(b.String())
}

// TeamLine sums a job's team up in a line: "Team: 1 recruiter, 2
// interviewers".
func TeamLine(t *hiregate.Team) string {
	n := map[hiregate.TeamRole]int{}
	for _, p := range t.Members {
		n[p.Role]++
	}
	if len(t.Members) == 0 {
		return "Team: only the owner"
	}
	count := func(k int, what string) string {
		if k == 1 {
			return "1 " + what
		}
		return fmt.Sprintf("%d %ss", k, what)
	}
	var parts []string
	if k := n[hiregate.TeamRecruiter]; k > 0 {
		parts = append(parts, count(k, "recruiter"))
	}
	if k := n[hiregate.TeamInterviewer]; k > 0 {
		parts = append(parts, count(k, "interviewer"))
	}
	return "Team: " + strings.Join(parts, ", ")
}

// Salary formats a job's salary range, "" when it has none.
func Salary(j *hiregate.Job) string {
	switch {
	case j.SalaryMin != nil && j.SalaryMax != nil:
		return fmt.Sprintf("%d–%d", *j.SalaryMin, *j.SalaryMax)
	case j.SalaryMin != nil:
		return fmt.Sprintf("from %d", *j.SalaryMin)
	case j.SalaryMax != nil:
		return fmt.Sprintf("up to %d", *j.SalaryMax)
	}
	return ""
}

func nonEmpty(v []string) []string {
	var out []string
	for _, s := range v {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	top := m.vp.Percent(s)
	if m.job == nil && m.loading {
		top = s.Subtle.Render("Loading…")
	}
	return m.vp.Under(confirm.Head(s, m.width, &m.confirm, m.err, top), m.job != nil)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.confirm.Active() {
		return m.confirm.KeyBindings(k)
	}
	scroll := keys.With(k.Down, "scroll")
	switch {
	case m.canApply():
		return []key.Binding{scroll, k.Apply}
	case m.mine != nil:
		return []key.Binding{scroll, keys.With(k.Open, "your application")}
	case m.manages():
		return []key.Binding{scroll, k.Edit, k.CloseJob, k.Applications, k.Pipeline, k.Team}
	case m.onTeam:
		return []key.Binding{scroll, k.Applications, k.Pipeline, k.Team}
	}
	return []key.Binding{scroll}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), scroll.Keys(k)}
}

// Modal implements ui.Modal.
func (m *Model) Modal() bool { return m.confirm.Active() }

// Package schedule is the form that schedules an interview for an
// application, or moves one: the date and time typed in the user's own
// zone (shown with it), the length, the interviewers picked from the
// job's team, and a place or a link.
package schedule

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/fairview"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/localtime"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/form"
	"github.com/hiregate/hiregate/tui/widgets/interview"
)

// DefaultMinutes is the length a new interview starts with.
const DefaultMinutes = 45

// API is the part of the hiregate client this screen calls.
type API interface {
	Application(ctx context.Context, id string) (*hiregate.Application, error)
	Team(ctx context.Context, jobID string) (*hiregate.Team, error)
	ScheduleInterview(ctx context.Context, applicationID string, r hiregate.CreateInterviewRequest) (*hiregate.Interview, error)
	UpdateInterview(ctx context.Context, id string, r hiregate.UpdateInterviewRequest) (*hiregate.Interview, error)
}

// Model is the schedule form.
type Model struct {
	c     *ui.Context
	api   API
	appID string
	// was is the interview being moved, nil for a new one.
	was    *hiregate.Interview
	app    *hiregate.Application
	people []hiregate.UserRef // who may be picked, as the checks list them
	form   *form.Form
	err    string
	busy   bool
	w, h   int
}

type loadedMsg struct {
	app  *hiregate.Application
	team *hiregate.Team
	err  error
}

type savedMsg struct {
	iv  *hiregate.Interview
	err error
}

// New returns the form that schedules an interview for application appID,
// or moves was when it is set.
func New(c *ui.Context, api API, appID string, was *hiregate.Interview) *Model {
	if was != nil {
		appID = was.ApplicationID
	}
	return &Model{c: c, api: api, appID: appID, was: was}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd {
	m.busy = true
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		a, err := m.api.Application(ctx, m.appID)
		if err != nil {
			return loadedMsg{err: err}, err
		}
		t, err := m.api.Team(ctx, a.Job.ID)
		return loadedMsg{app: a, team: t, err: err}, err
	})
}

// Title implements ui.Component.
func (m *Model) Title() string {
	if m.was != nil {
		return "Move interview"
	}
	return "Schedule interview"
}

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.form != nil && m.form.Capturing() }

// Unsaved implements ui.Unsaved.
func (m *Model) Unsaved() bool { return m.form != nil && m.form.Changed() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	if m.form != nil {
		m.form.SetSize(w, h-4)
	}
}

// ZoneName names the user's zone for the form: its IANA name when known
// (TZ, or the zone the client was given) and its abbreviation now.
func ZoneName(c *ui.Context) string {
	loc := c.Location()
	abbr := localtime.Zone(c.Now(), loc)
	name := loc.String()
	if name == "Local" {
		name = strings.TrimPrefix(os.Getenv("TZ"), ":")
	}
	if name == "" || name == abbr {
		return abbr
	}
	return name + ", " + abbr
}

// candidates orders who may interview: the team's interviewers, its
// recruiters, then the job's owner.
func candidates(t *hiregate.Team) []hiregate.UserRef {
	var out []hiregate.UserRef
	for _, role := range []hiregate.TeamRole{hiregate.TeamInterviewer, hiregate.TeamRecruiter} {
		for _, p := range t.Members {
			if p.Role == role && p.Active {
				out = append(out, hiregate.UserRef{ID: p.UserID, FullName: p.FullName})
			}
		}
	}
	return append(out, t.Owner)
}

func (m *Model) build(team *hiregate.Team) {
	m.people = candidates(team)
	names := make([]string, len(m.people))
	for i, p := range m.people {
		names[i] = p.FullName
	}
	zone := localtime.Zone(m.c.Now(), m.c.Location())
	f := form.New(
		form.Text("date", "Date", 10).WithPlaceholder("YYYY-MM-DD"),
		form.Text("time", "Time ("+zone+")", 5).WithPlaceholder("HH:MM"),
		form.Text("duration_minutes", "Minutes", 5),
		form.Checks("interviewer_ids", "Interviewers", names...),
		form.Text("location", "Location", hiregate.MaxInterviewLocationLen).WithPlaceholder("room, address (optional)"),
		form.Text("url", "Link", hiregate.MaxInterviewURLLen).WithPlaceholder("https://… video call (optional)"),
	)
	f.Field("duration_minutes").SetValue(strconv.Itoa(DefaultMinutes))
	if iv := m.was; iv != nil {
		d, t := localtime.Fields(iv.StartsAt, m.c.Location())
		f.Field("date").SetValue(d)
		f.Field("time").SetValue(t)
		f.Field("duration_minutes").SetValue(strconv.Itoa(iv.DurationMinutes))
		f.Field("location").SetValue(iv.Location)
		f.Field("url").SetValue(iv.URL)
		checks := f.Field("interviewer_ids")
		for _, who := range iv.Interviewers {
			found := false
			for i, p := range m.people {
				if p.ID == who.ID {
					checks.Checked[i], found = true, true
				}
			}
			if !found {
				// Someone no longer on the team stays picked until
				// unticked: moving the time must not drop them silently.
				m.people = append(m.people, who)
				checks.Choices = append(checks.Choices, who.FullName)
				checks.Checked = append(checks.Checked, true)
			}
		}
		f.MarkClean()
	} else {
		// Tomorrow at ten, a time most people can make, as a start.
		d, _ := localtime.Fields(m.c.Now().AddDate(0, 0, 1), m.c.Location())
		f.Field("date").SetValue(d)
		f.Field("time").SetValue("10:00")
		if len(m.people) == 1 {
			f.Field("interviewer_ids").Checked[0] = true
		}
		f.MarkClean()
	}
	m.form = f
	m.form.SetSize(m.w, m.h-4)
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
		m.app = msg.app
		if m.form == nil {
			m.build(msg.team)
			return m.form.Focus(0)
		}
	case savedMsg:
		m.busy = false
		if msg.err != nil {
			m.form.SetError(m.c, msg.err)
			return nil
		}
		verb := "scheduled"
		if m.was != nil {
			verb = "moved"
		}
		flash := fmt.Sprintf("Interview %s: %s", verb, interview.When(m.c, msg.iv))
		if note := interview.ConflictNote(m.c, msg.iv); note != "" {
			// Short enough for 80 columns with the overlap said.
			flash = fmt.Sprintf("Interview %s: %s %s; %s", verb, interview.Short(m.c, msg.iv), localtime.Zone(msg.iv.StartsAt, m.c.Location()), note)
		}
		return ui.Back(flash)
	case tea.KeyMsg:
		if m.busy || m.form == nil {
			return nil
		}
		cmd, submit := m.form.Update(msg, k)
		if submit {
			return m.save()
		}
		return cmd
	default:
		if m.form != nil {
			cmd, _ := m.form.Update(msg, k)
			return cmd
		}
	}
	return nil
}

func (m *Model) save() tea.Cmd {
	f := m.form
	f.ClearErrors()
	loc := m.c.Location()
	start, err := localtime.Parse(f.Field("date").Value(), f.Field("time").Value(), loc)
	if err != nil {
		if err == localtime.ErrDate {
			f.Field("date").Err = err.Error()
		} else {
			f.Field("time").Err = err.Error()
		}
	}
	minutes, err := localtime.Minutes(f.Field("duration_minutes").Value())
	if err != nil {
		f.Field("duration_minutes").Err = err.Error()
	}
	var ids []string
	for _, i := range f.Field("interviewer_ids").Picked() {
		ids = append(ids, m.people[i].ID)
	}
	if len(ids) == 0 {
		f.Field("interviewer_ids").Err = "pick at least one (←/→ to move, space to pick)"
	}
	req := hiregate.CreateInterviewRequest{StartsAt: start, DurationMinutes: minutes, Location: strings.TrimSpace(f.Field("location").Value()),
		URL: strings.TrimSpace(f.Field("url").Value()), InterviewerIDs: ids}
	if verr := req.Validate(); verr != nil {
		for name, msg := range ui.FieldErrors(verr) {
			if fl := f.Field(name); fl != nil && fl.Err == "" {
				fl.Err = msg
			}
		}
	}
	for _, fl := range f.Fields {
		if fl.Err != "" {
			f.SetFieldErrors(map[string]string{fl.Name: fl.Err})
			return nil
		}
	}
	m.busy = true
	was := m.was
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		var iv *hiregate.Interview
		var err error
		if was == nil {
			iv, err = m.api.ScheduleInterview(ctx, m.appID, req)
		} else {
			iv, err = m.api.UpdateInterview(ctx, was.ID, hiregate.UpdateInterviewRequest{StartsAt: &req.StartsAt,
				DurationMinutes: &req.DurationMinutes, Location: &req.Location, URL: &req.URL, InterviewerIDs: req.InterviewerIDs})
		}
		return savedMsg{iv, err}, err
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	s := m.c.Styles
	if m.form == nil {
		if m.err != "" {
			return s.Error.Render(m.err)
		}
		return s.Subtle.Render("Loading…")
	}
	head := s.Title.Render(m.app.Candidate.FullName) + s.Subtle.Render(" · "+m.app.Job.Title)
	// The interviewers' invites name the candidate as this screen does.
	if note := fairview.Notice(s, m.app, max(20, m.w-1)); note != "" {
		head += "\n" + note
	}
	hint := "Times are in " + ZoneName(m.c) + "; the invites carry them in UTC."
	if m.busy {
		hint = "Saving…"
	}
	wrap := lipgloss.NewStyle().Width(max(20, m.w-1))
	return head + "\n" + wrap.Render(s.Subtle.Render(hint)) + "\n\n" + m.form.View(s)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	b := []key.Binding{keys.With(k.SubmitAlt, "save")}
	if m.form != nil && m.form.Fields[m.form.Focused()].Checked != nil {
		b = append(b, k.Toggle, keys.With(k.Right, "next person"))
	}
	return append(b, k.NextField, k.PrevField)
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Package jobform is the form to post a job or edit one.
package jobform

import (
	"context"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/widgets/form"
)

// API is the part of the hiregate client this screen calls.
type API interface {
	CreateJob(ctx context.Context, req hiregate.CreateJobRequest) (*hiregate.Job, error)
	UpdateJob(ctx context.Context, id string, req hiregate.UpdateJobRequest) (*hiregate.Job, error)
}

// Model is the job form.
type Model struct {
	c    *ui.Context
	api  API
	job  *hiregate.Job // nil when posting a new job
	form *form.Form
	busy bool
	w, h int
}

type savedMsg struct {
	job *hiregate.Job
	err error
}

// New returns the form: empty to post a job, or filled from job to edit it.
func New(c *ui.Context, api API, job *hiregate.Job) *Model {
	types := make([]string, len(hiregate.EmploymentTypes))
	for i, t := range hiregate.EmploymentTypes {
		types[i] = t.Label() // people read "full-time", not "full_time"
	}
	f := form.New(
		form.Text("title", "Title", hiregate.MaxJobTitleLen),
		form.Text("location", "Location", hiregate.MaxJobLocationLen),
		form.Choice("employment_type", "Type", types...),
		form.Text("salary_min", "Salary min", 12),
		form.Text("salary_max", "Salary max", 12),
		form.Area("description", "Description", hiregate.MaxJobDescriptionLen),
	)
	f.Field("description").Area.Placeholder = "What the job is, and what you look for"
	if job != nil {
		f.Field("title").SetValue(job.Title)
		f.Field("location").SetValue(job.Location)
		f.Field("employment_type").SetValue(job.EmploymentType.Label())
		if job.SalaryMin != nil {
			f.Field("salary_min").SetValue(strconv.FormatInt(*job.SalaryMin, 10))
		}
		if job.SalaryMax != nil {
			f.Field("salary_max").SetValue(strconv.FormatInt(*job.SalaryMax, 10))
		}
		f.Field("description").SetValue(job.Description)
		f.Focus(0)
		f.MarkClean()
	}
	return &Model{c: c, api: api, job: job, form: f}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd { return m.form.Focus(0) }

// Title implements ui.Component.
func (m *Model) Title() string {
	if m.job != nil {
		return "Edit job"
	}
	return "Post a job"
}

// Capturing implements ui.Component.
func (m *Model) Capturing() bool { return m.form.Capturing() }

// Unsaved implements ui.Unsaved.
func (m *Model) Unsaved() bool { return m.form.Changed() }

// SetSize implements ui.Component.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.form.SetSize(w, h-2)
}

// Update implements ui.Component.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case savedMsg:
		m.busy = false
		if msg.err != nil {
			m.form.SetError(m.c, msg.err)
			m.SetSize(m.w, m.h)
			return nil
		}
		if m.job != nil {
			return ui.Back("Job saved")
		}
		return ui.Back("Job posted: " + msg.job.Title)
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
	}
	cmd, submit := m.form.Update(msg, m.c.Keys)
	if submit {
		return m.submit()
	}
	return cmd
}

func salary(f *form.Field, errs map[string]string) *int64 {
	v := strings.TrimSpace(f.Value())
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 10, 64)
	if err != nil {
		errs[f.Name] = "must be a whole number"
		return nil
	}
	return &n
}

func (m *Model) submit() tea.Cmd {
	f := m.form
	f.ClearErrors()
	errs := map[string]string{}
	req := hiregate.CreateJobRequest{
		Title:          f.Field("title").Value(),
		Location:       f.Field("location").Value(),
		EmploymentType: hiregate.EmploymentTypes[f.Field("employment_type").Choice],
		Description:    f.Field("description").Value(),
		SalaryMin:      salary(f.Field("salary_min"), errs),
		SalaryMax:      salary(f.Field("salary_max"), errs),
	}
	req.Normalize()
	if err := req.Validate(); err != nil {
		for k, v := range ui.FieldErrors(err) {
			if errs[k] == "" {
				errs[k] = v
			}
		}
	}
	if len(errs) > 0 {
		f.SetFieldErrors(errs)
		m.SetSize(m.w, m.h)
		return nil
	}
	m.busy = true
	if m.job == nil {
		return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
			j, err := m.api.CreateJob(ctx, req)
			return savedMsg{j, err}, err
		})
	}
	up := hiregate.UpdateJobRequest{
		Title: &req.Title, Location: &req.Location, EmploymentType: &req.EmploymentType,
		Description: &req.Description, SalaryMin: req.SalaryMin, SalaryMax: req.SalaryMax,
	}
	id := m.job.ID
	return m.c.Call(func(ctx context.Context) (tea.Msg, error) {
		j, err := m.api.UpdateJob(ctx, id, up)
		return savedMsg{j, err}, err
	})
}

// View implements ui.Component.
func (m *Model) View() string {
	return m.form.Page(m.c.Styles, "Fill in the job; ctrl+s saves, esc cancels.", m.busy)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	b := m.form.KeyBindings(m.c.Keys)
	if m.form.Fields[m.form.Focused()].Choices != nil {
		b = append(b, key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "choose")))
	}
	return b
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

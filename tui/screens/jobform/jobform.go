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
	Skills(ctx context.Context, f hiregate.SkillFilter) ([]hiregate.Skill, error)
}

// blindChoices are the blind-review settings as the form offers them,
// in the order of blindStages.
var (
	blindChoices = []string{"off", "until screening", "until interview"}
	blindStages  = []hiregate.Stage{"", hiregate.StageScreening, hiregate.StageInterview}
)

// Model is the job form.
type Model struct {
	c    *ui.Context
	api  API
	job  *hiregate.Job // nil when posting a new job
	form *form.Form
	busy bool
	w, h int
	// skills is the server's skill list, for completion; skillsLoaded
	// says its answer came (an error gives none). held are the keys
	// typed after a tab in a skills field while it had not.
	skills       []hiregate.Skill
	skillsLoaded bool
	held         []tea.KeyMsg
}

type skillsMsg struct{ skills []hiregate.Skill }

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
		form.Text("skills.required", "Required skills", 500).WithPlaceholder("Go, Kubernetes (tab completes)"),
		form.Text("skills.nice", "Nice to have", 500),
		form.Choice("blind_until", "Blind review", blindChoices...),
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
		f.Field("skills.required").SetValue(strings.Join(job.Skills.Required, ", "))
		f.Field("skills.nice").SetValue(strings.Join(job.Skills.Nice, ", "))
		if job.BlindUntil != nil {
			f.Field("blind_until").SetValue("until " + string(*job.BlindUntil))
		}
		f.Focus(0)
		f.MarkClean()
	}
	return &Model{c: c, api: api, job: job, form: f}
}

// Init implements ui.Component.
func (m *Model) Init() tea.Cmd {
	// The skill list is for completion only: the form works without it.
	load := func() tea.Msg {
		skills, err := m.api.Skills(context.Background(), hiregate.SkillFilter{Limit: 1000})
		if err != nil {
			return skillsMsg{} // no completion; tab moves on
		}
		return skillsMsg{skills}
	}
	return tea.Batch(m.form.Focus(0), load)
}

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
	case skillsMsg:
		m.skills, m.skillsLoaded = msg.skills, true
		// Keys held while the list was on its way, in the order typed.
		held := m.held
		m.held = nil
		var cmds []tea.Cmd
		for _, k := range held {
			cmds = append(cmds, m.Update(k))
		}
		return tea.Batch(cmds...)
	case tea.KeyMsg:
		if m.busy {
			return nil
		}
		// A tab in a skills field before the list has come would move on
		// where a moment later it completes: it, and what follows it,
		// wait for the list (it comes in well under a second).
		if len(m.held) > 0 || (!m.skillsLoaded && msg.String() == "tab" && m.inSkills()) {
			m.held = append(m.held, msg)
			return nil
		}
		if msg.String() == "tab" && m.complete() {
			return nil
		}
	}
	cmd, submit := m.form.Update(msg, m.c.Keys)
	if submit {
		return m.submit()
	}
	return cmd
}

// inSkills reports whether a skills field has the focus.
func (m *Model) inSkills() bool {
	return strings.HasPrefix(m.form.Fields[m.form.Focused()].Name, "skills.")
}

// complete completes the last skill typed in a skills field to the
// first skill whose name or alias starts with it, written as the skill's
// name; it reports whether it did (tab otherwise moves on).
func (m *Model) complete() bool {
	fl := m.form.Fields[m.form.Focused()]
	if !strings.HasPrefix(fl.Name, "skills.") {
		return false
	}
	v := fl.Value()
	head, last := "", v
	if i := strings.LastIndex(v, ","); i >= 0 {
		head, last = v[:i+1]+" ", v[i+1:]
	}
	last = strings.TrimSpace(last)
	if name := CompleteSkill(m.skills, last); name != "" && name != last {
		fl.SetValue(head + name)
		return true
	}
	return false
}

// CompleteSkill is the skill prefix names, by name or alias ("k8s" gives
// "Kubernetes"), or "": a whole name or alias wins over a longer one.
func CompleteSkill(skills []hiregate.Skill, prefix string) string {
	if prefix == "" {
		return ""
	}
	p := strings.ToLower(prefix)
	best := ""
	for _, sk := range skills {
		for _, w := range append([]string{sk.Name}, sk.Aliases...) {
			lw := strings.ToLower(w)
			if lw == p {
				return sk.Name
			}
			if best == "" && strings.HasPrefix(lw, p) {
				best = sk.Name
			}
		}
	}
	return best
}

// skillList reads a comma-separated field.
func skillList(v string) []string {
	out := []string{}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
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
		Skills:         &hiregate.JobSkills{Required: skillList(f.Field("skills.required").Value()), Nice: skillList(f.Field("skills.nice").Value())},
	}
	if b := blindStages[f.Field("blind_until").Choice]; b != "" {
		req.BlindUntil = &b
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
		Skills: req.Skills, BlindUntil: hiregate.SetBlindUntil(blindStages[f.Field("blind_until").Choice]),
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

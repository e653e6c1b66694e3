// Package seed fills an empty database with demo data: users of every role,
// jobs from two recruiters and applications in every stage of the pipeline,
// so that the terminal client has something to show on first start.
package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// DemoPassword is the password of every demo account. It is public: demo
// mode is for trying hiregate out, never for real data.
const DemoPassword = "demo-password"

// Demo account emails.
const (
	AdminEmail      = "admin@example.com"
	RecruiterEmail  = "recruiter@example.com"
	Recruiter2Email = "recruiter2@example.com"
	CandidateEmail  = "candidate@example.com"
	Candidate2Email = "candidate2@example.com"
	Candidate3Email = "candidate3@example.com"
)

// Account is one demo login.
type Account struct {
	Email    string
	FullName string
	Role     hiregate.Role
}

// Accounts lists the demo logins, admin first.
var Accounts = []Account{
	{AdminEmail, "Avery Admin", hiregate.RoleAdmin},
	{RecruiterEmail, "Dana Whitfield", hiregate.RoleRecruiter},
	{Recruiter2Email, "Marcus Okafor", hiregate.RoleRecruiter},
	{CandidateEmail, "Priya Raman", hiregate.RoleCandidate},
	{Candidate2Email, "Tomás Herrera", hiregate.RoleCandidate},
	{Candidate3Email, "Grace Liu", hiregate.RoleCandidate},
}

// Emails lists the demo accounts' emails in the order of Accounts.
func Emails() []string {
	out := make([]string, len(Accounts))
	for i, a := range Accounts {
		out[i] = a.Email
	}
	return out
}

// Indexes into Accounts.
const (
	admin = iota
	recruiter1
	recruiter2
	candidate1
	candidate2
	candidate3
)

type jobSpec struct {
	owner          int // recruiter1 or recruiter2
	title          string
	location       string
	employment     hiregate.EmploymentType
	salaryMin      int64 // 0: not stated
	salaryMax      int64
	ageDays        int
	closed         bool
	summary, needs string
}

var jobs = []jobSpec{
	{recruiter1, "Senior Go Engineer", "Remote (EU)", hiregate.FullTime, 95000, 125000, 3, false,
		"Build and run the services behind our hiring platform.", "5+ years of Go, PostgreSQL or SQLite, and a taste for simple designs."},
	{recruiter1, "Site Reliability Engineer", "Berlin, Germany", hiregate.FullTime, 85000, 110000, 6, false,
		"Keep our APIs fast and available, and make on-call boring.", "Linux, Kubernetes, Prometheus; Go or Python for tooling."},
	{recruiter1, "Frontend Developer (TypeScript)", "Amsterdam, Netherlands", hiregate.FullTime, 65000, 85000, 9, false,
		"Own the candidate-facing web app from design review to release.", "TypeScript, React, accessibility, and care for the details."},
	{recruiter1, "Engineering Manager, Platform", "London, UK", hiregate.FullTime, 110000, 140000, 12, false,
		"Lead a team of six platform engineers and grow them.", "People management experience and a hands-on engineering past."},
	{recruiter1, "Data Analyst", "Remote (US)", hiregate.Contract, 60, 85, 15, false,
		"Turn hiring funnel data into decisions for our customers. Hourly rate in USD.", "SQL, a notebook tool of your choice, clear writing."},
	{recruiter1, "Technical Writer", "Remote", hiregate.PartTime, 30000, 42000, 20, false,
		"Write the API guides and the terminal client's manual, 20 hours a week.", "You have explained software to developers before; samples please."},
	{recruiter1, "Security Engineer", "Zurich, Switzerland", hiregate.FullTime, 120000, 150000, 27, false,
		"Threat-model our services and review authentication code.", "Application security, OAuth2/OIDC, and a calm head in incidents."},
	{recruiter1, "Backend Engineering Intern", "Berlin, Germany", hiregate.Internship, 1800, 2200, 34, true,
		"A six-month internship on the API team. Monthly stipend in EUR.", "Studying computer science or similar; some Go or Rust is a plus."},
	{recruiter1, "QA Automation Engineer", "Lisbon, Portugal", hiregate.FullTime, 45000, 60000, 45, true,
		"Build the end-to-end test suites that guard every release.", "Experience with test automation frameworks and CI pipelines."},
	{recruiter1, "Mobile Developer (Flutter)", "Remote (EU)", hiregate.Contract, 0, 0, 58, true,
		"A six-month contract to ship our recruiter app.", "Flutter and Dart in production; rate negotiable."},
	{recruiter2, "Account Executive", "New York, NY", hiregate.FullTime, 70000, 90000, 2, false,
		"Sell hiregate to mid-sized companies on the East Coast. Plus commission.", "3+ years of B2B SaaS sales."},
	{recruiter2, "Customer Success Manager", "Austin, TX", hiregate.FullTime, 65000, 80000, 5, false,
		"Help our customers get the most out of their hiring pipeline.", "Empathy, organisation, and experience with HR software."},
	{recruiter2, "Product Designer", "Toronto, Canada", hiregate.FullTime, 90000, 115000, 8, false,
		"Design the workflows recruiters use all day, in the terminal and on the web.", "A portfolio of shipped product work and a love of keyboards."},
	{recruiter2, "Talent Sourcer", "Remote (US)", hiregate.PartTime, 35000, 45000, 11, false,
		"Find great candidates for our own open roles, 25 hours a week.", "Sourcing experience and a friendly, persistent style."},
	{recruiter2, "Marketing Coordinator", "Chicago, IL", hiregate.FullTime, 50000, 62000, 16, false,
		"Run our webinars, newsletters and conference presence.", "Event planning experience and excellent written English."},
	{recruiter2, "Support Engineer", "Dublin, Ireland", hiregate.FullTime, 48000, 60000, 22, false,
		"Answer customers' technical questions and fix what you can.", "Debugging skills, patience, and some scripting."},
	{recruiter2, "Recruiting Coordinator", "Austin, TX", hiregate.Contract, 28, 35, 30, false,
		"Schedule interviews and keep candidates informed. Hourly rate in USD.", "Organised, responsive, and comfortable with calendars."},
	{recruiter2, "Sales Development Intern", "New York, NY", hiregate.Internship, 0, 0, 40, true,
		"A summer internship in our sales team.", "Curiosity and good phone manners."},
	{recruiter2, "Office Manager", "Chicago, IL", hiregate.PartTime, 30000, 38000, 50, true,
		"Keep the Chicago office running three days a week.", "Office administration experience."},
	{recruiter2, "Solutions Architect", "San Francisco, CA", hiregate.FullTime, 150000, 185000, 60, true,
		"Design integrations between hiregate and customers' HR systems.", "APIs, SSO, and talking to enterprise IT teams."},
}

// jobSkills are the skills some demo jobs declare (names of the built-in
// list), so that ranking shows skills found and missing.
var jobSkills = map[string]hiregate.JobSkills{
	"Senior Go Engineer":              {Required: []string{"Go", "PostgreSQL"}, Nice: []string{"SQLite"}},
	"Site Reliability Engineer":       {Required: []string{"Linux", "Kubernetes", "Prometheus"}, Nice: []string{"Go", "Python"}},
	"Frontend Developer (TypeScript)": {Required: []string{"TypeScript", "React"}, Nice: []string{"Accessibility"}},
	"Data Analyst":                    {Required: []string{"SQL"}, Nice: []string{"Jupyter"}},
	"Security Engineer":               {Required: []string{"OAuth", "OpenID Connect"}, Nice: []string{"Incident response"}},
}

type appSpec struct {
	candidate int
	job       int // index into jobs
	moves     []hiregate.Stage
	ageDays   int // how long ago the application was sent; less than the job's age
	cover     string
	notes     []string // by the job's owner
}

var applications = []appSpec{
	{candidate1, 0, nil, 1, "I have written Go services for six years and would love to work on hiring tools.", nil},
	{candidate1, 1, []hiregate.Stage{hiregate.StageScreening}, 4, "On-call has been part of my job for years; I like making it quiet.",
		[]string{"Strong Kubernetes background. Schedule a phone screen."}},
	{candidate1, 3, []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview}, 10, "I manage a team of five and still review code every week.",
		[]string{"Phone screen went well.", "Panel interview booked for Thursday."}},
	{candidate1, 7, []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview, hiregate.StageOffer, hiregate.StageHired}, 32, "I am finishing my degree and write Go in my spare time.",
		[]string{"Offer accepted; starts next month."}},
	{candidate1, 10, []hiregate.Stage{hiregate.StageWithdrawn}, 1, "", nil},
	{candidate2, 0, []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview, hiregate.StageOffer}, 2, "Ten years of backend work, the last four in Go.",
		[]string{"Excellent system design interview.", "Offer sent at the top of the band."}},
	{candidate2, 2, []hiregate.Stage{hiregate.StageScreening, hiregate.StageRejected}, 7, "I build accessible React apps.",
		[]string{"Looking for a more senior profile for this role."}},
	{candidate2, 12, nil, 6, "My portfolio is at the link in my résumé.", nil},
	{candidate2, 15, []hiregate.Stage{hiregate.StageScreening, hiregate.StageWithdrawn}, 20, "I enjoy debugging customers' problems.", nil},
	{candidate2, 8, []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview, hiregate.StageRejected}, 40, "Test automation is my speciality.",
		[]string{"Good interview but the role went to an internal candidate."}},
	{candidate3, 11, []hiregate.Stage{hiregate.StageScreening}, 4, "I have helped forty customers roll out HR software.", nil},
	{candidate3, 16, []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview}, 25, "I coordinated interviews for a 300-person company.",
		[]string{"Very organised; references checked."}},
	{candidate3, 19, []hiregate.Stage{hiregate.StageScreening, hiregate.StageInterview, hiregate.StageOffer, hiregate.StageHired}, 55, "I have designed integrations with Workday and BambooHR.", nil},
	{candidate3, 6, []hiregate.Stage{hiregate.StageRejected}, 14, "Security has been my focus for eight years.", nil},
	{candidate3, 4, nil, 3, "SQL is my first language; English my second.", nil},
}

const resume = `%s

Experience
- 2019–today: senior role at a mid-sized software company
- 2015–2019: a startup that did not make it, and taught me a lot

Education
- BSc, Computer Science`

// errHasUsers stops seeding inside the transaction.
var errHasUsers = errors.New("seed: database has users")

// PasswordHasher hashes passwords the way every other account's password is
// hashed (*auth.Service).
type PasswordHasher interface {
	HashPassword(ctx context.Context, field, password string) (string, error)
}

// Demo seeds the demo data when the database has no users and reports
// whether it did. A database with any user is left alone, so restarting
// with demo mode on never duplicates the data or overwrites real accounts.
// Everything is written in one transaction: a crash part-way leaves no
// users behind, so the next start seeds the full data instead of finding
// a few users and seeding nothing. Timestamps are spread over the days
// before now.
func Demo(ctx context.Context, st store.Store, svc PasswordHasher, now time.Time) (seeded bool, err error) {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return false, fmt.Errorf("seed: count users: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	// Every account shares one hash at the configured cost: at cost 12 a
	// hash takes about a second, and the demo password is public anyway.
	// It is made before the transaction, which holds the write lock.
	hash, err := svc.HashPassword(ctx, "password", DemoPassword)
	if err != nil {
		return false, fmt.Errorf("seed: hash password: %w", err)
	}
	err = st.Atomic(ctx, func(tx store.Store) error {
		// Counted again inside: of two servers starting in demo mode on
		// one database, one seeds.
		if n, err := tx.CountUsers(ctx); err != nil {
			return fmt.Errorf("seed: count users: %w", err)
		} else if n > 0 {
			return errHasUsers
		}
		return demo(ctx, tx, hash, now.UTC())
	})
	if errors.Is(err, errHasUsers) {
		return false, nil
	}
	return err == nil, err
}

// demo writes the demo data through st, whose writes the caller commits
// together.
func demo(ctx context.Context, st store.Store, hash string, now time.Time) error {
	users := make([]*hiregate.User, len(Accounts))
	for i, a := range Accounts {
		req := hiregate.CreateUserRequest{Email: a.Email, Password: DemoPassword, FullName: a.FullName, Role: a.Role}
		req.Normalize()
		if err := req.Validate(); err != nil {
			return fmt.Errorf("seed: user %s: %w", a.Email, err)
		}
		u := &hiregate.User{Email: req.Email, FullName: req.FullName, Role: req.Role, Active: true}
		if err := st.CreateUser(ctx, u, hash); err != nil {
			return fmt.Errorf("seed: user %s: %w", a.Email, err)
		}
		users[i] = u
	}
	ref := func(i int) hiregate.UserRef { return hiregate.UserRef{ID: users[i].ID, FullName: users[i].FullName} }
	day := 24 * time.Hour

	created := make([]*hiregate.Job, len(jobs))
	// Oldest first, so that creation order matches the timestamps.
	for i := len(jobs) - 1; i >= 0; i-- {
		s := jobs[i]
		j := &hiregate.Job{
			Title:          s.title,
			Description:    s.summary + "\n\nWhat we look for: " + s.needs,
			Location:       s.location,
			EmploymentType: s.employment,
			Status:         hiregate.JobOpen,
			Recruiter:      hiregate.UserRef{ID: users[s.owner].ID},
		}
		if s.salaryMin > 0 {
			j.SalaryMin, j.SalaryMax = &s.salaryMin, &s.salaryMax
		}
		if err := st.CreateJob(ctx, j, now.Add(-time.Duration(s.ageDays)*day)); err != nil {
			return fmt.Errorf("seed: job %q: %w", s.title, err)
		}
		if sk, ok := jobSkills[s.title]; ok {
			if err := st.SetJobScoring(ctx, j.ID, sk); err != nil {
				return fmt.Errorf("seed: job %q skills: %w", s.title, err)
			}
		}
		created[i] = j
	}

	for _, s := range applications {
		job, owner := created[s.job], jobs[s.job].owner
		at := now.Add(-time.Duration(s.ageDays) * day)
		a := &hiregate.Application{
			Job:         hiregate.JobRef{ID: job.ID},
			Candidate:   hiregate.CandidateRef{ID: users[s.candidate].ID},
			CoverLetter: s.cover,
			ResumeText:  fmt.Sprintf(resume, Accounts[s.candidate].FullName),
		}
		if err := st.CreateApplication(ctx, a, at, hiregate.CheckOpenForApplications); err != nil {
			return fmt.Errorf("seed: application to %q: %w", job.Title, err)
		}
		// Moves and notes share the time between the application and now.
		steps := len(s.moves) + len(s.notes) + 1
		step := time.Duration(s.ageDays) * day / time.Duration(steps)
		for _, to := range s.moves {
			at = at.Add(step)
			by, actor := ref(owner), hiregate.ActorRecruiter
			if to == hiregate.StageWithdrawn {
				by, actor = ref(s.candidate), hiregate.ActorCandidate
			}
			check := func(r *store.ApplicationRecord) error { return hiregate.CheckTransition(r.Status, to, actor) }
			if _, err := st.MoveApplication(ctx, a.ID, to, by, at, check); err != nil {
				return fmt.Errorf("seed: move application to %q to %s: %w", job.Title, to, err)
			}
		}
		for _, body := range s.notes {
			at = at.Add(step)
			note := &hiregate.Note{ApplicationID: a.ID, Body: body, Author: hiregate.UserRef{ID: users[owner].ID}}
			if err := st.CreateNote(ctx, note, at); err != nil {
				return fmt.Errorf("seed: note on %q: %w", job.Title, err)
			}
		}
	}

	// Jobs close after their applications came in.
	for i, s := range jobs {
		if !s.closed {
			continue
		}
		closedAt := now.Add(-time.Duration(s.ageDays) * day / 4)
		if _, err := st.UpdateJob(ctx, created[i].ID, closedAt, func(j *hiregate.Job) error {
			j.Status = hiregate.JobClosed
			return nil
		}); err != nil {
			return fmt.Errorf("seed: close job %q: %w", s.title, err)
		}
	}
	return nil
}

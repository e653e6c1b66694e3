package hiregate_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestCheckTransition(t *testing.T) {
	const (
		C = hiregate.ActorCandidate
		R = hiregate.ActorRecruiter
	)
	tests := []struct {
		from, to hiregate.Stage
		actor    hiregate.Actor
		code     string
	}{
		{"applied", "screening", R, ""},
		{"applied", "hired", R, ""}, // skipping forward is allowed
		{"screening", "interview", R, ""},
		{"interview", "offer", R, ""},
		{"offer", "hired", R, ""},
		{"interview", "rejected", R, ""},
		{"applied", "rejected", R, ""},
		{"offer", "withdrawn", C, ""},
		{"applied", "withdrawn", C, ""},
		{"interview", "screening", R, hiregate.ECONFLICT}, // never back
		{"interview", "interview", R, hiregate.ECONFLICT},
		{"applied", "withdrawn", R, hiregate.ECONFLICT},
		{"applied", "screening", C, hiregate.ECONFLICT},
		{"applied", "rejected", C, hiregate.ECONFLICT},
		{"hired", "rejected", R, hiregate.ECONFLICT},
		{"rejected", "screening", R, hiregate.ECONFLICT},
		{"withdrawn", "applied", R, hiregate.ECONFLICT},
		{"withdrawn", "withdrawn", C, hiregate.ECONFLICT},
		{"applied", "promoted", R, hiregate.EINVALID},
		{"applied", "", C, hiregate.EINVALID},
	}
	for _, tt := range tests {
		err := hiregate.CheckTransition(tt.from, tt.to, tt.actor)
		if got := hiregate.ErrorCode(err); got != tt.code {
			t.Errorf("CheckTransition(%s, %s, %d) = %q (%v), want %q", tt.from, tt.to, tt.actor, got, err, tt.code)
		}
	}
}

func TestNextStages(t *testing.T) {
	got := hiregate.NextStages(hiregate.StageInterview, hiregate.ActorRecruiter)
	want := []hiregate.Stage{"offer", "hired", "rejected"}
	if strings.Join(stageStrings(got), ",") != strings.Join(stageStrings(want), ",") {
		t.Errorf("NextStages(interview, recruiter) = %v, want %v", got, want)
	}
	if got := hiregate.NextStages(hiregate.StageHired, hiregate.ActorRecruiter); len(got) != 0 {
		t.Errorf("NextStages(hired) = %v, want none", got)
	}
}

func stageStrings(s []hiregate.Stage) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

func TestRegisterValidate(t *testing.T) {
	tests := []struct {
		name  string
		req   hiregate.RegisterRequest
		field string
	}{
		{"OK", hiregate.RegisterRequest{Email: " A@Example.com ", Password: "12345678", FullName: " Ada "}, ""},
		{"OK72Bytes", hiregate.RegisterRequest{Email: "a@example.com", Password: strings.Repeat("x", 72), FullName: "A"}, ""},
		{"Err73Bytes", hiregate.RegisterRequest{Email: "a@example.com", Password: strings.Repeat("x", 73), FullName: "A"}, "password"},
		{"ErrMultibyteOver72", hiregate.RegisterRequest{Email: "a@example.com", Password: strings.Repeat("ü", 37), FullName: "A"}, "password"},
		{"Err7Chars", hiregate.RegisterRequest{Email: "a@example.com", Password: "1234567", FullName: "A"}, "password"},
		{"ErrEmailNoDomainDot", hiregate.RegisterRequest{Email: "a@localhost", Password: "12345678", FullName: "A"}, "email"},
		{"ErrEmailDisplayName", hiregate.RegisterRequest{Email: "Ada <a@example.com>", Password: "12345678", FullName: "A"}, "email"},
		{"ErrNameTooLong", hiregate.RegisterRequest{Email: "a@example.com", Password: "12345678", FullName: strings.Repeat("n", 201)}, "full_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Normalize()
			err := tt.req.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				if tt.req.Email != strings.ToLower(strings.TrimSpace(tt.req.Email)) {
					t.Errorf("email not normalised: %q", tt.req.Email)
				}
				return
			}
			e, ok := err.(*hiregate.Error)
			if !ok || e.Code != hiregate.EINVALID || e.Fields[tt.field] == "" {
				t.Fatalf("Validate() = %v, want EINVALID on %s", err, tt.field)
			}
		})
	}
}

func TestUpdateJobApply(t *testing.T) {
	base := hiregate.Job{Title: "Go", Description: "d", EmploymentType: hiregate.FullTime, Status: hiregate.JobOpen}
	s := func(v string) *string { return &v }
	n := func(v int64) *int64 { return &v }
	tests := []struct {
		name  string
		req   hiregate.UpdateJobRequest
		field string
	}{
		{"OKClose", hiregate.UpdateJobRequest{Status: ptrStatus(hiregate.JobClosed)}, ""},
		{"OKTitle", hiregate.UpdateJobRequest{Title: s("  Rust  ")}, ""},
		{"ErrEmptyTitle", hiregate.UpdateJobRequest{Title: s(" ")}, "title"},
		{"ErrStatus", hiregate.UpdateJobRequest{Status: ptrStatus("paused")}, "status"},
		{"ErrSalaryBelowMin", hiregate.UpdateJobRequest{SalaryMin: n(10), SalaryMax: n(5)}, "salary_max"},
		{"ErrNegativeSalary", hiregate.UpdateJobRequest{SalaryMin: n(-1)}, "salary_min"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := base
			err := tt.req.Apply(&j)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Apply = %v", err)
				}
				if tt.req.Title != nil && j.Title != "Rust" {
					t.Errorf("title = %q, want trimmed Rust", j.Title)
				}
				return
			}
			e, ok := err.(*hiregate.Error)
			if !ok || e.Fields[tt.field] == "" {
				t.Fatalf("Apply = %v, want a message on %s", err, tt.field)
			}
			if j.Title != base.Title || j.Status != base.Status || j.SalaryMin != nil || j.SalaryMax != nil {
				t.Errorf("a rejected update changed the job: %+v", j)
			}
		})
	}
}

func ptrStatus(s hiregate.JobStatus) *hiregate.JobStatus { return &s }

func TestOwnership(t *testing.T) {
	open := &hiregate.Job{Status: hiregate.JobOpen, Recruiter: hiregate.UserRef{ID: "r1"}}
	closed := &hiregate.Job{Status: hiregate.JobClosed, Recruiter: hiregate.UserRef{ID: "r1"}}
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"owner manages", hiregate.CanManageJob("r1", hiregate.RoleRecruiter, "r1"), true},
		{"other recruiter does not", hiregate.CanManageJob("r2", hiregate.RoleRecruiter, "r1"), false},
		{"admin manages", hiregate.CanManageJob("a", hiregate.RoleAdmin, "r1"), true},
		{"candidate never manages", hiregate.CanManageJob("r1", hiregate.RoleCandidate, "r1"), false},
		{"candidate sees open", hiregate.CanViewJob("c", hiregate.RoleCandidate, open, false), true},
		{"candidate misses closed", hiregate.CanViewJob("c", hiregate.RoleCandidate, closed, false), false},
		{"applicant sees closed", hiregate.CanViewJob("c", hiregate.RoleCandidate, closed, true), true},
		{"other recruiter misses", hiregate.CanViewJob("r2", hiregate.RoleRecruiter, open, false), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if a, ok := hiregate.ApplicationActor("c", hiregate.RoleCandidate, "c", "r1"); !ok || a != hiregate.ActorCandidate {
		t.Error("the candidate is not the actor of their own application")
	}
	if _, ok := hiregate.ApplicationActor("c2", hiregate.RoleCandidate, "c", "r1"); ok {
		t.Error("another candidate relates to the application")
	}
	if _, ok := hiregate.ApplicationActor("r2", hiregate.RoleRecruiter, "c", "r1"); ok {
		t.Error("another recruiter relates to the application")
	}
}

func TestEventTypeValid(t *testing.T) {
	tests := []struct {
		t    hiregate.EventType
		want bool
	}{
		{hiregate.EventJobCreated, true},
		{hiregate.EventApplicationMoved, true},
		{hiregate.EventReset, true},
		{"job.deleted", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := tt.t.Valid(); got != tt.want {
			t.Errorf("EventType(%q).Valid() = %v, want %v", tt.t, got, tt.want)
		}
	}
}

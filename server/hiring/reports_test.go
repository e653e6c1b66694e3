package hiring_test

import (
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestFunnel checks GET /reports/funnel's scope: a recruiter's own jobs,
// every job for an admin, and a job the caller does not manage is the same
// ENOTFOUND as none.
func TestFunnel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	own := e.job(t, e.owner, "Own", hiregate.JobOpen)
	other := e.job(t, e.recruiter, "Other", hiregate.JobOpen)
	e.apply(t, e.cand, own)
	e.apply(t, e.stranger, own)
	e.apply(t, e.cand, other)

	tests := []struct {
		name   string
		who    *hiregate.User
		f      hiregate.FunnelFilter
		want   int // applications that reached applied
		code   string
		detail string
	}{
		{"recruiter, own jobs", e.owner, hiregate.FunnelFilter{}, 2, "", ""},
		{"recruiter, naming another's id as theirs", e.owner, hiregate.FunnelFilter{RecruiterID: e.recruiter.ID}, 2, "", ""},
		{"other recruiter, own jobs", e.recruiter, hiregate.FunnelFilter{}, 1, "", ""},
		{"admin, every job", e.admin, hiregate.FunnelFilter{}, 3, "", ""},
		{"admin, scoped to a recruiter by hand", e.admin, hiregate.FunnelFilter{RecruiterID: e.owner.ID}, 3, "", ""},
		{"recruiter, one own job", e.owner, hiregate.FunnelFilter{JobID: own.ID}, 2, "", ""},
		{"admin, one job", e.admin, hiregate.FunnelFilter{JobID: other.ID}, 1, "", ""},
		{"recruiter, another's job", e.owner, hiregate.FunnelFilter{JobID: other.ID}, 0, hiregate.ENOTFOUND, "Job not found"},
		{"no such job", e.admin, hiregate.FunnelFilter{JobID: "no-such-job"}, 0, hiregate.ENOTFOUND, "Job not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := e.svc.Funnel(ctx, as(tt.who), tt.f)
			checkErr(t, err, tt.code, tt.detail)
			if tt.code != "" {
				return
			}
			if len(f.Stages) != len(hiregate.Stages) || f.Stages[0].Status != hiregate.StageApplied || f.Stages[0].Reached != tt.want {
				t.Errorf("Funnel() stages = %+v, want %d reaching applied", f.Stages, tt.want)
			}
		})
	}
}

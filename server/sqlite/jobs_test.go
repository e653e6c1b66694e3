package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func jobIDs(js []hiregate.Job) []string {
	var ids []string
	for _, j := range js {
		ids = append(ids, j.ID)
	}
	return ids
}

// collectPages walks a list to its end, failing on an endless or repeating
// walk.
func collectPages(tb testing.TB, page func(cursor string) ([]string, string, error)) []string {
	tb.Helper()
	var all []string
	seen := map[string]bool{}
	cursor := ""
	for i := 0; ; i++ {
		if i > 1000 {
			tb.Fatal("paging does not end")
		}
		ids, next, err := page(cursor)
		if err != nil {
			tb.Fatalf("page %d: %v", i, err)
		}
		for _, id := range ids {
			if seen[id] {
				tb.Fatalf("page %d repeats %s", i, id)
			}
			seen[id] = true
		}
		all = append(all, ids...)
		if next == "" {
			return all
		}
		if len(ids) == 0 {
			tb.Fatalf("page %d is empty but has a next cursor", i)
		}
		cursor = next
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestListJobsManyMatches stays here rather than in storetest: its size is
// chosen around this adapter's search strategy switch (fewMatchesMax).
// It covers searches matching more jobs than the
// search switches strategy at (walking jobs in order instead of sorting the
// matches): results, filters and paging must not change with it.
func TestListJobsManyMatches(t *testing.T) {
	ctx := context.Background()
	db, c := MustOpenDB(t)
	rita := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	ravi := mustUser(t, db, c, "ravi@corp.example", "Ravi", hiregate.RoleRecruiter)
	const n = 600
	type job struct {
		id        string
		rita, odd bool
	}
	var jobs []job // oldest first
	for i := range n {
		r := ravi
		if i%3 == 0 {
			r = rita
		}
		title := "Common role"
		if i%2 == 1 {
			title = "Common role odd"
		}
		j := &hiregate.Job{Title: title, Recruiter: hiregate.UserRef{ID: r.ID}, EmploymentType: hiregate.FullTime}
		now := c.now()
		if i%5 != 0 { // every fifth job shares the previous one's instant
			now = c.add(time.Second)
		}
		if err := db.CreateJob(ctx, j, now); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, job{id: j.ID, rita: r.ID == rita.ID, odd: i%2 == 1})
	}
	// Close every fourth job.
	for i := 0; i < n; i += 4 {
		if _, err := db.UpdateJob(ctx, jobs[i].id, c.now(), func(j *hiregate.Job) error { j.Status = hiregate.JobClosed; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	// Reference order: what ListJobs returns without Q, filtered here.
	all, _, err := db.ListJobs(ctx, hiregate.JobFilter{Limit: hiregate.MaxPageLimit})
	if err != nil {
		t.Fatal(err)
	}
	var ordered []string
	for cur := ""; ; {
		js, next, err := db.ListJobs(ctx, hiregate.JobFilter{Limit: hiregate.MaxPageLimit, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		ordered = append(ordered, jobIDs(js)...)
		if next == "" {
			break
		}
		cur = next
	}
	if len(all) != hiregate.MaxPageLimit || len(ordered) != n {
		t.Fatalf("listed %d jobs, want %d", len(ordered), n)
	}
	byID := map[string]job{}
	closed := map[string]bool{}
	for i, j := range jobs {
		byID[j.id] = j
		closed[j.id] = i%4 == 0
	}
	filter := func(keep func(j job) bool) []string {
		var out []string
		for _, id := range ordered {
			if keep(byID[id]) {
				out = append(out, id)
			}
		}
		return out
	}
	tests := []struct {
		name string
		f    hiregate.JobFilter
		want []string
	}{
		{"Many", hiregate.JobFilter{Q: "common"}, ordered},
		{"ManyPrefix", hiregate.JobFilter{Q: "comm"}, ordered},
		{"ManyOpen", hiregate.JobFilter{Q: "role", Status: hiregate.JobOpen}, filter(func(j job) bool { return !closed[j.id] })},
		{"ManyRecruiter", hiregate.JobFilter{Q: "common", RecruiterID: rita.ID}, filter(func(j job) bool { return j.rita })},
		{"ManyRecruiterClosed", hiregate.JobFilter{Q: "common", RecruiterID: rita.ID, Status: hiregate.JobClosed},
			filter(func(j job) bool { return j.rita && closed[j.id] })},
		{"ManyAnd", hiregate.JobFilter{Q: "common odd"}, filter(func(j job) bool { return j.odd })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, limit := range []int{7, hiregate.MaxPageLimit} {
				f := tt.f
				f.Limit = limit
				got := collectPages(t, func(cursor string) ([]string, string, error) {
					f.Cursor = cursor
					js, next, err := db.ListJobs(ctx, f)
					return jobIDs(js), next, err
				})
				if !equalStrings(got, tt.want) {
					t.Fatalf("limit %d: got %d jobs, want %d (or a different order)", limit, len(got), len(tt.want))
				}
			}
		})
	}
}

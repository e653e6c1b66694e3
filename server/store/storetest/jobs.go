package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func mustJob(tb testing.TB, db store.Store, c *clock, recruiterID, title, description, location string) *hiregate.Job {
	tb.Helper()
	j := &hiregate.Job{Title: title, Description: description, Location: location, EmploymentType: hiregate.FullTime,
		Recruiter: hiregate.UserRef{ID: recruiterID}}
	if err := db.CreateJob(context.Background(), j, c.add(time.Second)); err != nil {
		tb.Fatalf("CreateJob(%s) = %v", title, err)
	}
	return j
}

func testCreateJob(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita Recruiter", hiregate.RoleRecruiter)
		now := c.add(time.Minute)
		j := &hiregate.Job{Title: "Go developer", Description: "Build things", Location: "Berlin", EmploymentType: hiregate.Contract,
			SalaryMin: ptr(int64(50000)), SalaryMax: ptr(int64(90000)), Recruiter: hiregate.UserRef{ID: r.ID}}
		if err := db.CreateJob(ctx, j, now); err != nil {
			t.Fatalf("CreateJob = %v", err)
		}
		if j.ID == "" || j.Status != hiregate.JobOpen || j.Recruiter.FullName != "Rita Recruiter" || !j.CreatedAt.Equal(now) || !j.UpdatedAt.Equal(now) {
			t.Fatalf("CreateJob set %+v", j)
		}
		got, err := db.JobByID(ctx, j.ID)
		if err != nil {
			t.Fatalf("JobByID = %v", err)
		}
		if !sameJob(*got, *j) {
			t.Fatalf("JobByID = %+v, want %+v", got, j)
		}
	})
	t.Run("NoSalary", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		j := mustJob(t, db, c, r.ID, "T", "", "")
		got, _ := db.JobByID(ctx, j.ID)
		if got.SalaryMin != nil || got.SalaryMax != nil {
			t.Fatalf("salaries = %v %v, want nil", got.SalaryMin, got.SalaryMax)
		}
	})
	t.Run("ErrUnknownRecruiter", func(t *testing.T) {
		db, c := mustOpen(t, open)
		err := db.CreateJob(ctx, &hiregate.Job{Title: "T", Recruiter: hiregate.UserRef{ID: "nope"}}, c.now())
		wantCode(t, "CreateJob", err, hiregate.ENOTFOUND)
	})
	t.Run("ErrJobNotFound", func(t *testing.T) {
		db, _ := mustOpen(t, open)
		_, err := db.JobByID(ctx, "nope")
		wantCode(t, "JobByID", err, hiregate.ENOTFOUND)
		wantMessage(t, "JobByID", err, "Job not found")
	})
}

func sameJob(a, b hiregate.Job) bool {
	eq := func(x, y *int64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.ID == b.ID && a.Title == b.Title && a.Description == b.Description && a.Location == b.Location &&
		a.EmploymentType == b.EmploymentType && eq(a.SalaryMin, b.SalaryMin) && eq(a.SalaryMax, b.SalaryMax) &&
		a.Status == b.Status && a.Recruiter == b.Recruiter && a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}

func jobIDs(js []hiregate.Job) []string {
	var ids []string
	for _, j := range js {
		ids = append(ids, j.ID)
	}
	return ids
}

func testListJobs(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	rita := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	ravi := mustUser(t, db, c, "ravi@corp.example", "Ravi", hiregate.RoleRecruiter)
	j0 := mustJob(t, db, c, rita.ID, "Senior Go Developer", "Write Go services with SQLite.", "Berlin")
	j1 := mustJob(t, db, c, ravi.ID, "Frontend Engineer", "React and TypeScript.", "Remote")
	j2 := mustJob(t, db, c, rita.ID, "Data Engineer", "Pipelines in Go and Python.", "München")
	j3 := mustJob(t, db, c, ravi.ID, "Café Manager", "Run the office café; title: manager", "Paris")
	j4 := mustJob(t, db, c, rita.ID, "Golang Platform Lead", "Kubernetes, Go.", "Berlin")
	closed := hiregate.JobClosed
	if _, err := db.UpdateJob(ctx, j1.ID, c.add(time.Second), func(j *hiregate.Job) error { j.Status = closed; return nil }); err != nil {
		t.Fatal(err)
	}
	all := []string{j4.ID, j3.ID, j2.ID, j1.ID, j0.ID}

	tests := []struct {
		name string
		f    hiregate.JobFilter
		want []string
	}{
		{"All", hiregate.JobFilter{}, all},
		{"Open", hiregate.JobFilter{Status: hiregate.JobOpen}, []string{j4.ID, j3.ID, j2.ID, j0.ID}},
		{"Closed", hiregate.JobFilter{Status: hiregate.JobClosed}, []string{j1.ID}},
		{"Recruiter", hiregate.JobFilter{RecruiterID: rita.ID}, []string{j4.ID, j2.ID, j0.ID}},
		{"RecruiterClosed", hiregate.JobFilter{RecruiterID: rita.ID, Status: hiregate.JobClosed}, nil},
		{"QWord", hiregate.JobFilter{Q: "engineer"}, []string{j2.ID, j1.ID}},
		{"QPrefixLastWord", hiregate.JobFilter{Q: "engin"}, []string{j2.ID, j1.ID}},
		{"QPrefixGo", hiregate.JobFilter{Q: "go"}, []string{j4.ID, j2.ID, j0.ID}},
		{"QAllWordsMustMatch", hiregate.JobFilter{Q: "go berlin"}, []string{j4.ID, j0.ID}},
		{"QOnlyLastIsPrefix", hiregate.JobFilter{Q: "engin data"}, nil},
		{"QDescription", hiregate.JobFilter{Q: "typescript"}, []string{j1.ID}},
		{"QLocation", hiregate.JobFilter{Q: "remote"}, []string{j1.ID}},
		{"QCaseInsensitive", hiregate.JobFilter{Q: "SQLITE"}, []string{j0.ID}},
		{"QDiacriticsFolded", hiregate.JobFilter{Q: "cafe"}, []string{j3.ID}},
		{"QUnicode", hiregate.JobFilter{Q: "münchen"}, []string{j2.ID}},
		{"QUnicodeUpper", hiregate.JobFilter{Q: "MÜNCHEN"}, []string{j2.ID}},
		{"QWithStatus", hiregate.JobFilter{Q: "engineer", Status: hiregate.JobOpen}, []string{j2.ID}},
		{"QWithRecruiter", hiregate.JobFilter{Q: "go", RecruiterID: rita.ID, Status: hiregate.JobOpen}, []string{j4.ID, j2.ID, j0.ID}},
		{"QWithOtherRecruiter", hiregate.JobFilter{Q: "go", RecruiterID: ravi.ID}, nil},
		{"QNoMatch", hiregate.JobFilter{Q: "cobol"}, nil},
		// Hostile input: never an error; operators are plain words.
		{"QQuote", hiregate.JobFilter{Q: `"`}, all},
		{"QStar", hiregate.JobFilter{Q: `*`}, all},
		{"QPunctuationOnly", hiregate.JobFilter{Q: `!?-+()[]{}:^~'"*.,;`}, all},
		{"QWhitespace", hiregate.JobFilter{Q: " \t\n"}, all},
		{"QEmoji", hiregate.JobFilter{Q: "🚀"}, all},
		{"QOperatorsAreWords", hiregate.JobFilter{Q: "AND OR"}, nil},
		{"QNot", hiregate.JobFilter{Q: "NOT go"}, nil},
		{"QNear", hiregate.JobFilter{Q: "NEAR(go berlin)"}, nil},
		{"QColumnFilter", hiregate.JobFilter{Q: "title:"}, []string{j3.ID}},
		{"QColumnFilterWord", hiregate.JobFilter{Q: "title:manager"}, []string{j3.ID}},
		{"QUnbalancedQuote", hiregate.JobFilter{Q: `"go berlin`}, []string{j4.ID, j0.ID}},
		{"QQuotedPhrase", hiregate.JobFilter{Q: `"data engineer"`}, []string{j2.ID}},
		{"QCaretAndStar", hiregate.JobFilter{Q: "^go*"}, []string{j4.ID, j2.ID, j0.ID}},
		{"QHyphenated", hiregate.JobFilter{Q: "front-end"}, nil},
		{"QCombiningMarkOnly", hiregate.JobFilter{Q: "\u0301"}, nil},
		{"QNullByte", hiregate.JobFilter{Q: "go\x00berlin"}, []string{j4.ID, j0.ID}},
		{"QInvalidUTF8", hiregate.JobFilter{Q: "go\xff"}, []string{j4.ID, j2.ID, j0.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jobs, next, err := db.ListJobs(ctx, tt.f)
			if err != nil {
				t.Fatalf("ListJobs(%+v) = %v", tt.f, err)
			}
			if next != "" {
				t.Fatalf("next = %q, want last page", next)
			}
			if got := jobIDs(jobs); !equalStrings(got, tt.want) {
				t.Fatalf("ListJobs(%+v) = %v, want %v", tt.f, got, tt.want)
			}
		})
	}
	t.Run("Paging", func(t *testing.T) {
		for _, f := range []hiregate.JobFilter{{}, {Q: "go"}, {Status: hiregate.JobOpen}, {RecruiterID: rita.ID, Q: "berlin"}} {
			full, _, err := db.ListJobs(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for limit := 1; limit <= 3; limit++ {
				f := f
				f.Limit = limit
				got := collectPages(t, func(cursor string) ([]string, string, error) {
					f.Cursor = cursor
					js, next, err := db.ListJobs(ctx, f)
					return jobIDs(js), next, err
				})
				if !equalStrings(got, jobIDs(full)) {
					t.Fatalf("%+v: pages = %v, want %v", f, got, jobIDs(full))
				}
			}
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		for _, cur := range badCursors {
			_, _, err := db.ListJobs(ctx, hiregate.JobFilter{Cursor: cur, Q: "go"})
			wantCode(t, "ListJobs(cursor "+cur+")", err, hiregate.EINVALID)
		}
	})
}

// TestListJobsSameInstant pages through jobs that all share one creation
// time, where only the id orders them.
func testListJobsSameInstant(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	seen := map[string]bool{}
	for range 25 {
		j := &hiregate.Job{Title: "Same", Recruiter: hiregate.UserRef{ID: r.ID}, EmploymentType: hiregate.FullTime}
		if err := db.CreateJob(ctx, j, c.now()); err != nil {
			t.Fatal(err)
		}
		seen[j.ID] = true
	}
	got := collectPages(t, func(cursor string) ([]string, string, error) {
		js, next, err := db.ListJobs(ctx, hiregate.JobFilter{Limit: 4, Cursor: cursor, Q: "same"})
		return jobIDs(js), next, err
	})
	if len(got) != 25 {
		t.Fatalf("paged %d jobs, want 25", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i-1] <= got[i] {
			t.Fatalf("ids not descending at %d: %s then %s", i, got[i-1], got[i])
		}
	}
}

func testUpdateJob(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		other := mustUser(t, db, c, "ravi@corp.example", "Ravi", hiregate.RoleRecruiter)
		j := mustJob(t, db, c, r.ID, "Old title", "Old words", "Berlin")
		now := c.add(time.Hour)
		got, err := db.UpdateJob(ctx, j.ID, now, func(x *hiregate.Job) error {
			x.Title = "Rust engineer"
			x.Description = "Fresh words"
			x.Status = hiregate.JobClosed
			x.SalaryMax = ptr(int64(100))
			// Not editable: ignored.
			x.ID, x.Recruiter, x.CreatedAt = "hijack", hiregate.UserRef{ID: other.ID}, now
			return nil
		})
		if err != nil {
			t.Fatalf("UpdateJob = %v", err)
		}
		if got.ID != j.ID || got.Title != "Rust engineer" || got.Status != hiregate.JobClosed || got.Recruiter.ID != r.ID ||
			!got.CreatedAt.Equal(j.CreatedAt) || !got.UpdatedAt.Equal(now) || got.SalaryMax == nil || *got.SalaryMax != 100 {
			t.Fatalf("UpdateJob = %+v", got)
		}
		// The search index follows the text.
		for q, want := range map[string]int{"rust": 1, "fresh": 1, "old": 0} {
			js, _, err := db.ListJobs(ctx, hiregate.JobFilter{Q: q})
			if err != nil || len(js) != want {
				t.Fatalf("ListJobs(q=%s) = %d, %v, want %d", q, len(js), err, want)
			}
		}
	})
	t.Run("ErrFromFnAborts", func(t *testing.T) {
		db, c := mustOpen(t, open)
		r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
		j := mustJob(t, db, c, r.ID, "Title", "", "")
		fnErr := hiregate.ValidationError(map[string]string{"title": "required"})
		_, err := db.UpdateJob(ctx, j.ID, c.now(), func(x *hiregate.Job) error {
			x.Title = ""
			return fnErr
		})
		if !errors.Is(err, fnErr) {
			t.Fatalf("UpdateJob = %v, want fn's error", err)
		}
		got, _ := db.JobByID(ctx, j.ID)
		if got.Title != "Title" {
			t.Fatalf("title after aborted update = %q", got.Title)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db, c := mustOpen(t, open)
		called := false
		_, err := db.UpdateJob(ctx, "nope", c.now(), func(*hiregate.Job) error { called = true; return nil })
		wantCode(t, "UpdateJob", err, hiregate.ENOTFOUND)
		if called {
			t.Fatal("fn called for a missing job")
		}
	})
}

// testUpdateJobConcurrent runs read-modify-write updates of one job at
// once: each sees the result of the ones before it, so none is lost.
func testUpdateJobConcurrent(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	j := mustJob(t, db, c, r.ID, "Title", "", "")
	const n = 8
	errs := make([]error, n)
	now := c.add(time.Hour)
	parallel(n, func(i int) {
		_, errs[i] = db.UpdateJob(ctx, j.ID, now, func(x *hiregate.Job) error {
			x.SalaryMax = ptr(orZero(x.SalaryMax) + 1)
			return nil
		})
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("UpdateJob(%d) = %v", i, err)
		}
	}
	got, err := db.JobByID(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.SalaryMax == nil || *got.SalaryMax != n {
		t.Fatalf("SalaryMax after %d increments = %v, want %d", n, got.SalaryMax, n)
	}
}

func orZero(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func testApplicationCounts(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
	r := mustUser(t, db, c, "rita@corp.example", "Rita", hiregate.RoleRecruiter)
	j1 := mustJob(t, db, c, r.ID, "One", "", "")
	j2 := mustJob(t, db, c, r.ID, "Two", "", "")
	j3 := mustJob(t, db, c, r.ID, "Three", "", "")
	for i := range 4 {
		cand := mustUser(t, db, c, "c"+itoa(i)+"@example.com", "C", hiregate.RoleCandidate)
		a := mustApplication(t, db, c, j1.ID, cand.ID)
		if i >= 2 {
			if _, err := db.MoveApplication(ctx, a.ID, hiregate.StageInterview, hiregate.UserRef{ID: r.ID}, c.now(), nil); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			mustApplication(t, db, c, j2.ID, cand.ID)
		}
	}
	got, err := db.ApplicationCounts(ctx, []string{j1.ID, j2.ID, j3.ID, "nope"})
	if err != nil {
		t.Fatalf("ApplicationCounts = %v", err)
	}
	want := map[string]map[hiregate.Stage]int{
		j1.ID:  {hiregate.StageApplied: 2, hiregate.StageInterview: 2},
		j2.ID:  {hiregate.StageApplied: 1},
		j3.ID:  {},
		"nope": {},
	}
	if len(got) != len(want) {
		t.Fatalf("ApplicationCounts = %v, want %v", got, want)
	}
	for id, w := range want {
		g := got[id]
		if g == nil || len(g) != len(w) {
			t.Fatalf("counts[%s] = %v, want %v", id, g, w)
		}
		for st, n := range w {
			if g[st] != n {
				t.Fatalf("counts[%s][%s] = %d, want %d", id, st, g[st], n)
			}
		}
	}
	if got, err := db.ApplicationCounts(ctx, nil); err != nil || len(got) != 0 {
		t.Fatalf("ApplicationCounts(nil) = %v, %v", got, err)
	}
}

// testListJobsManyMatches covers searches matching hundreds of jobs,
// where an adapter may change strategy (SQLite walks the jobs in order
// instead of sorting the matches past a few hundred): results, filters
// and paging must not change with it.
func testListJobsManyMatches(t *testing.T, open Opener) {
	ctx := context.Background()
	db, c := mustOpen(t, open)
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

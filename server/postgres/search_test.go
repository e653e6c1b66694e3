package postgres_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// searchJobs are created in this order, a minute apart.
var searchJobs = []struct{ title, description, location string }{
	{"Senior Go Developer", "Build the API in Go and PostgreSQL.", "Berlin"},
	{"Gopher wanted", "Golang microservices; full-time.", "Remote"},
	{"Café manager", "Run the café. Crème brûlée a plus.", "Paris"},
	{"Data engineer", "Pipelines, SQL, dbt. Team of 4.", "São Paulo"},
	{"QA / test engineer", "Write tests (unit & e2e) for a C++ code base.", "Zürich"},
	{"Frontend developer", "TypeScript, React; api-first design.", "Remote"},
	{"Nurse", "Night shifts at the Städtisches Klinikum.", "München"},
	{"東京 engineer", "日本語 required", "東京"},
}

// TestSearchMatchesSQLite runs the same searches on both engines over the
// same jobs and wants the same jobs in the same order.
func TestSearchMatchesSQLite(t *testing.T) {
	ctx := context.Background()
	pg := mustOpen(t)
	lite, err := sqlite.Open(filepath.Join(t.TempDir(), "hiregate.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	lite.Now = pg.Now
	for _, st := range []store.Store{pg, lite} {
		rec := &hiregate.User{Email: "rec@example.com", FullName: "Rec", Role: hiregate.RoleRecruiter, Active: true}
		if err := st.CreateUser(ctx, rec, "h"); err != nil {
			t.Fatal(err)
		}
		for i, j := range searchJobs {
			job := &hiregate.Job{Title: j.title, Description: j.description, Location: j.location,
				EmploymentType: "full_time", Recruiter: hiregate.UserRef{ID: rec.ID}}
			if err := st.CreateJob(ctx, job, t0.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		q    string
		want []string // titles, newest first
	}{
		{"go", []string{"Gopher wanted", "Senior Go Developer"}},
		{"Go developer", []string{"Senior Go Developer"}},
		{"developer go", []string{"Senior Go Developer"}},
		{"devel", []string{"Frontend developer", "Senior Go Developer"}},
		{"DEVELOPER", []string{"Frontend developer", "Senior Go Developer"}},
		{"cafe", []string{"Café manager"}},
		{"creme brul", []string{"Café manager"}},
		{"sao paulo", []string{"Data engineer"}},
		{"zurich", []string{"QA / test engineer"}},
		{"c++", []string{"QA / test engineer", "Café manager"}}, // "c" as a prefix
		{"e2e", []string{"QA / test engineer"}},
		{"api first", []string{"Frontend developer"}},
		{"full-time", []string{"Gopher wanted"}},
		{"staedtisches", nil},
		{"städt", []string{"Nurse"}},
		{"muenchen", nil},
		{"東京", []string{"東京 engineer"}},
		{"engineer remote", nil},
		{"remote", []string{"Frontend developer", "Gopher wanted"}},
		{`"go" OR nurse`, nil},
		{"NEAR(go) *", nil}, // the words "near" and "go", not an operator
		{"it's", nil},
		{"'", []string{"東京 engineer", "Nurse", "Frontend developer", "QA / test engineer", "Data engineer", "Café manager", "Gopher wanted", "Senior Go Developer"}},
	}
	for _, tt := range tests {
		for name, st := range map[string]store.Store{"postgres": pg, "sqlite": lite} {
			jobs, _, err := st.ListJobs(ctx, hiregate.JobFilter{Q: tt.q})
			if err != nil {
				t.Errorf("%s: ListJobs(q=%q) = %v", name, tt.q, err)
				continue
			}
			got := []string{}
			for _, j := range jobs {
				got = append(got, j.Title)
			}
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: ListJobs(q=%q) = %q, want %q", name, tt.q, got, want)
			}
		}
	}
}

// TestSearchPages reads a search result in pages of one and wants every
// match once, newest first.
func TestSearchPages(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	rec := mustUser(t, db, "rec@example.com", hiregate.RoleRecruiter)
	var want []string
	for i := range 7 {
		title := "Engineer " + itoa(i)
		if i%3 == 0 {
			title = "Manager " + itoa(i)
		}
		job := &hiregate.Job{Title: title, Description: "d", Location: "L", EmploymentType: "full_time", Recruiter: hiregate.UserRef{ID: rec.ID}}
		if err := db.CreateJob(ctx, job, t0.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
		if i%3 != 0 {
			want = append([]string{title}, want...)
		}
	}
	var got []string
	cursor := ""
	for range 10 {
		jobs, next, err := db.ListJobs(ctx, hiregate.JobFilter{Q: "engin", Limit: 1, Cursor: cursor})
		if err != nil {
			t.Fatalf("ListJobs = %v", err)
		}
		for _, j := range jobs {
			got = append(got, j.Title)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if !slices.Equal(got, want) {
		t.Fatalf("paged search = %q, want %q", got, want)
	}
}

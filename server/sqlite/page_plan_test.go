package sqlite

// An internal test: it needs the SQL the list methods build, which the
// store API does not expose.

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store/sqlstore"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestListQueryPlans checks that every list query reads its page from an
// index in sort order: a range scan that stops after limit+1 rows, with
// no sort of all the matching rows, on every page.
func TestListQueryPlans(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	seedManyMatches(t, db, "engineer", sqlstore.FewMatchesMax+1)
	seedManyMatches(t, db, "plumber", 3)

	// Each builder makes the query for one filter and a given cursor.
	apps := func(f hiregate.ApplicationFilter) func(string) (*sqlstore.PageQuery, error) {
		return func(c string) (*sqlstore.PageQuery, error) { f.Cursor = c; return sqlstore.ApplicationsPage(f) }
	}
	notes := func(applicationID string) func(string) (*sqlstore.PageQuery, error) {
		return func(c string) (*sqlstore.PageQuery, error) { return sqlstore.NotesPage(applicationID, 0, c) }
	}
	audit := func(f hiregate.AuditFilter) func(string) (*sqlstore.PageQuery, error) {
		return func(c string) (*sqlstore.PageQuery, error) { f.Cursor = c; return sqlstore.AuditPage(f) }
	}
	users := func(f hiregate.UserFilter) func(string) (*sqlstore.PageQuery, error) {
		return func(c string) (*sqlstore.PageQuery, error) {
			f.Cursor = c
			return sqlstore.UsersPage(f, engine{db}.ILike())
		}
	}
	jobs := func(f hiregate.JobFilter) func(string) (*sqlstore.PageQuery, error) {
		return func(c string) (*sqlstore.PageQuery, error) {
			f.Cursor = c
			q, none, err := sqlstore.JobsPage(ctx, engine{db}, db.readQ, f)
			if err == nil && none {
				err = fmt.Errorf("no query for %+v", f)
			}
			return q, err
		}
	}
	cases := []struct {
		name  string
		build func(cursor string) (*sqlstore.PageQuery, error)
		// plan is the line that reads the listed table; sorted is set
		// when the rows are sorted after being read, which is only
		// right for the few rows a rare search matches.
		plan   string
		sorted bool
	}{
		{"applications", apps(hiregate.ApplicationFilter{}), "a USING INDEX applications_created", false},
		{"applications/job", apps(hiregate.ApplicationFilter{JobID: "j"}),
			"a USING INDEX applications_job_created (job_id=?", false},
		{"applications/job+status", apps(hiregate.ApplicationFilter{JobID: "j", Status: hiregate.StageApplied}),
			"a USING INDEX applications_job_status (job_id=? AND status=?", false},
		{"applications/candidate", apps(hiregate.ApplicationFilter{CandidateID: "c"}),
			"a USING INDEX applications_candidate_created (candidate_id=?", false},
		{"applications/status", apps(hiregate.ApplicationFilter{Status: hiregate.StageApplied}),
			"a USING INDEX applications_status_created (status=?", false},
		{"notes", notes("a"), "n USING INDEX notes_application_created (application_id=?", false},
		{"audit", audit(hiregate.AuditFilter{}), "audit_events USING INDEX audit_at", false},
		{"audit/user", audit(hiregate.AuditFilter{UserID: "u"}), "audit_events USING INDEX audit_user_at (user_id=?", false},
		{"audit/type", audit(hiregate.AuditFilter{Type: hiregate.AuditLoginFailed}),
			"audit_events USING INDEX audit_type_at (type=?", false},
		{"users", users(hiregate.UserFilter{Q: "ann"}), "users USING INDEX users_created", false},
		{"users/role", users(hiregate.UserFilter{Role: hiregate.RoleAdmin}), "users USING INDEX users_role_created (role=?", false},
		{"jobs", jobs(hiregate.JobFilter{}), "j USING INDEX jobs_created", false},
		{"jobs/status", jobs(hiregate.JobFilter{Status: hiregate.JobOpen}), "j USING INDEX jobs_status_created (status=?", false},
		{"jobs/recruiter", jobs(hiregate.JobFilter{RecruiterID: "r"}), "j USING INDEX jobs_recruiter_created (recruiter_id=?", false},
		{"jobs/many-matches", jobs(hiregate.JobFilter{Q: "engineer"}), "j USING INDEX jobs_created", false},
		{"jobs/many-matches+status", jobs(hiregate.JobFilter{Q: "engineer", Status: hiregate.JobOpen}),
			"j USING INDEX jobs_status_created (status=?", false},
		{"jobs/few-matches", jobs(hiregate.JobFilter{Q: "plumber"}), "j USING INTEGER PRIMARY KEY (rowid=?)", true},
	}
	after := sqlstore.EncodeCursor(time.Unix(1_700_000_000, 0), "someid")
	for _, tc := range cases {
		for _, page := range []struct{ name, cursor string }{{"first", ""}, {"next", after}} {
			t.Run(tc.name+"/"+page.name, func(t *testing.T) {
				q, err := tc.build(page.cursor)
				if err != nil {
					t.Fatal(err)
				}
				query, args := q.SQL()
				plan := queryPlan(t, db.readPool, query, args)
				if !strings.Contains(plan, tc.plan) {
					t.Errorf("plan does not read %q:\n%s\nquery: %s", tc.plan, plan, query)
				}
				if page.cursor != "" && !tc.sorted {
					k := strings.TrimPrefix(q.Key().At, strings.Split(q.Key().At, ".")[0]+".")
					if !strings.Contains(plan, "("+k+",id)") {
						t.Errorf("the cursor is not a range on the index:\n%s", plan)
					}
				}
				if got := strings.Contains(plan, "TEMP B-TREE"); got != tc.sorted {
					t.Errorf("sorts after reading = %v, want %v:\n%s", got, tc.sorted, plan)
				}
			})
		}
	}
}

// seedManyMatches inserts n jobs whose title is word, all by one recruiter.
func seedManyMatches(t *testing.T, db *DB, word string, n int) {
	t.Helper()
	now := time.Unix(1_600_000_000, 0)
	rec := &hiregate.User{Email: word + "@example.com", FullName: "R", Role: hiregate.RoleRecruiter, Active: true}
	if err := db.CreateUser(context.Background(), rec, "x"); err != nil {
		t.Fatal(err)
	}
	err := db.inTx(context.Background(), func(tx *sql.Tx) error {
		for i := range n {
			if _, err := tx.Exec(`INSERT INTO jobs (id, title, description, location, employment_type, status,
				recruiter_id, created_at, updated_at) VALUES (?, ?, '', '', 'full_time', 'open', ?, ?, ?)`,
				sqlstore.NewID(now), word, rec.ID, sqlstore.TS(now)+int64(i), sqlstore.TS(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func queryPlan(t *testing.T, db *sql.DB, query string, args []any) string {
	t.Helper()
	rows, err := db.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

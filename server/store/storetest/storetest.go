// Package storetest is the behaviour every store.Store adapter must show,
// as one suite of tests that an adapter runs with one call:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, now func() time.Time) store.Store {
//			db := open(t) // a fresh, empty database for this test only
//			db.Now = now
//			return db
//		})
//	}
//
// Each interface has its sub-suite (RunUsers, RunSessions, ...), for a
// test that needs only some of them. Sub-suites also use the
// interfaces they build their fixtures with: Sessions, Jobs and
// Applications create users; Applications creates jobs.
//
// The suite knows no engine: it asserts only what package store documents.
// Engine specifics (query plans, files, several handles on one file) stay
// in the adapter's own tests. Every test gets a store of its own and a
// manual clock; none sleeps. The concurrency cases start goroutines on one
// store and assert what must hold however they interleave.
package storetest

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/testclock"
)

// Opener returns a fresh, empty store for the test t, closed when t ends.
// The store's own clock, used by the methods that take no time
// (CreateUser, RecordAudit without At, CreateSession without CreatedAt,
// UpdateUser's revocations), must be now.
type Opener func(t *testing.T, now func() time.Time) store.Store

// Run runs every sub-suite.
func Run(t *testing.T, open Opener) {
	t.Run("Users", func(t *testing.T) { RunUsers(t, open) })
	t.Run("Sessions", func(t *testing.T) { RunSessions(t, open) })
	t.Run("Throttle", func(t *testing.T) { RunThrottle(t, open) })
	t.Run("Audit", func(t *testing.T) { RunAudit(t, open) })
	t.Run("Jobs", func(t *testing.T) { RunJobs(t, open) })
	t.Run("Applications", func(t *testing.T) { RunApplications(t, open) })
	t.Run("Atomic", func(t *testing.T) { RunAtomic(t, open) })
	t.Run("MFA", func(t *testing.T) { RunMFA(t, open) })
	t.Run("Resumes", func(t *testing.T) { RunResumes(t, open) })
	t.Run("Reports", func(t *testing.T) { RunReports(t, open) })
	t.Run("Privacy", func(t *testing.T) { RunPrivacy(t, open) })
	t.Run("Demographics", func(t *testing.T) { RunDemographics(t, open) })
	t.Run("Text", func(t *testing.T) { RunText(t, open) })
	t.Run("Codes", func(t *testing.T) { RunCodes(t, open) })
	t.Run("Messages", func(t *testing.T) { RunMessages(t, open) })
	t.Run("Teams", func(t *testing.T) { RunTeams(t, open) })
	t.Run("Outbox", func(t *testing.T) { RunOutbox(t, open) })
	t.Run("Scoring", func(t *testing.T) { RunScoring(t, open) })
	t.Run("SSHKeys", func(t *testing.T) { RunSSHKeys(t, open) })
}

// RunUsers runs the cases of store.Users.
func RunUsers(t *testing.T, open Opener) { runCases(t, open, usersCases) }

// RunSessions runs the cases of store.Sessions (users come from
// store.Users).
func RunSessions(t *testing.T, open Opener) { runCases(t, open, sessionsCases) }

// RunThrottle runs the cases of store.Throttle.
func RunThrottle(t *testing.T, open Opener) { runCases(t, open, throttleCases) }

// RunAudit runs the cases of store.Audit.
func RunAudit(t *testing.T, open Opener) { runCases(t, open, auditCases) }

// RunJobs runs the cases of store.Jobs (recruiters come from store.Users;
// ApplicationCounts needs store.Applications).
func RunJobs(t *testing.T, open Opener) { runCases(t, open, jobsCases) }

// RunApplications runs the cases of store.Applications (users and jobs
// come from store.Users and store.Jobs).
func RunApplications(t *testing.T, open Opener) { runCases(t, open, applicationsCases) }

var (
	usersCases = []testCase{
		{"CreateUser", testCreateUser},
		{"CreateUserConcurrentDuplicates", testCreateUserConcurrentDuplicates},
		{"UserLookupNotFound", testUserLookupNotFound},
		{"ListUsers", testListUsers},
		{"ListUsersLimits", testListUsersLimits},
		{"UpdateUser", testUpdateUser},
		{"UpdateUserConcurrent", testUpdateUserConcurrent},
		{"CountUsers", testCountUsers},
	}
	sessionsCases = []testCase{
		{"CreateSession", testCreateSession},
		{"RotateRefresh", testRotateRefresh},
		{"SessionState", testSessionState},
		{"TouchSession", testTouchSession},
		{"ListSessions", testListSessions},
		{"RevokeSession", testRevokeSession},
		{"RevokeUserSessions", testRevokeUserSessions},
		{"PruneSessions", testPruneSessions},
	}
	throttleCases = []testCase{
		{"ReserveAttempts", testReserveAttempts},
		{"ReserveAttemptsConcurrent", testReserveAttemptsConcurrent},
	}
	auditCases = []testCase{
		{"RecordAudit", testRecordAudit},
		{"ListAudit", testListAudit},
	}
	jobsCases = []testCase{
		{"CreateJob", testCreateJob},
		{"ListJobs", testListJobs},
		{"ListJobsSameInstant", testListJobsSameInstant},
		{"UpdateJob", testUpdateJob},
		{"UpdateJobConcurrent", testUpdateJobConcurrent},
		{"ApplicationCounts", testApplicationCounts},
		{"ListJobsManyMatches", testListJobsManyMatches},
	}
	applicationsCases = []testCase{
		{"CreateApplication", testCreateApplication},
		{"ApplicationByIDNotFound", testApplicationByIDNotFound},
		{"MoveApplication", testMoveApplication},
		{"ListApplications", testListApplications},
		{"Notes", testNotes},
	}
)

// T0 is the time every test's clock starts at.
var T0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// clock is the shared test clock (safe to read from the goroutines of
// the concurrency cases) under the short names this suite calls it by.
type clock struct{ *testclock.Clock }

func (c *clock) now() time.Time                { return c.Now() }
func (c *clock) add(d time.Duration) time.Time { return c.Advance(d) }

// mustOpen opens a fresh store whose clock starts at T0.
func mustOpen(t *testing.T, open Opener) (store.Store, *clock) {
	t.Helper()
	c := &clock{testclock.New(T0)}
	db := open(t, c.now)
	if db == nil {
		t.Fatal("Opener returned a nil store")
	}
	return db, c
}

// MustUser creates an active user with the given role, for adapters' own
// tests as well as this suite's.
func MustUser(tb testing.TB, db store.Users, email, name string, role hiregate.Role) *hiregate.User {
	tb.Helper()
	u := &hiregate.User{Email: email, FullName: name, Role: role, Active: true}
	if err := db.CreateUser(context.Background(), u, "hash-of-"+email); err != nil {
		tb.Fatalf("CreateUser(%s) = %v", email, err)
	}
	return u
}

// mustUser creates a user, advancing the clock first so that creation
// order is observable.
func mustUser(tb testing.TB, db store.Users, c *clock, email, name string, role hiregate.Role) *hiregate.User {
	tb.Helper()
	c.add(time.Second)
	return MustUser(tb, db, email, name, role)
}

// testCase is one named case of a sub-suite.
type testCase struct {
	name string
	run  func(t *testing.T, open Opener)
}

func runCases(t *testing.T, open Opener, cases []testCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

// successes counts the calls of a race that succeeded; every other one
// must have been refused with ECONFLICT.
func successes(tb testing.TB, what string, codes []string) int {
	tb.Helper()
	ok := 0
	for _, code := range codes {
		switch code {
		case "":
			ok++
		case hiregate.ECONFLICT:
		default:
			tb.Errorf("%s code = %q, want \"\" or %s", what, code, hiregate.ECONFLICT)
		}
	}
	return ok
}

func wantCode(tb testing.TB, what string, err error, code string) {
	tb.Helper()
	if got := hiregate.ErrorCode(err); got != code {
		tb.Fatalf("%s: error code = %q (%v), want %q", what, got, err, code)
	}
}

func wantMessage(tb testing.TB, what string, err error, msg string) {
	tb.Helper()
	if got := hiregate.ErrorMessage(err); got != msg {
		tb.Fatalf("%s: message = %q, want %q", what, got, msg)
	}
}

// badCursors are cursors no store produced; every list must answer them
// with EINVALID on the cursor field.
var badCursors = []string{"!!!", "bm9jb2xvbg", "MTIzOg", "YWJjOmlk", "LTE6eA", "%%%", "====="}

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

// parallel runs fn(i) for i in [0, n) on n goroutines released together,
// and waits for all of them.
func parallel(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

func itoa(i int) string { return strconv.Itoa(i) }

func ptr[T any](v T) *T { return &v }

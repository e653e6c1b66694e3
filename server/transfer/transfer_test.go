package transfer_test

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/postgres"
	"github.com/hiregate/hiregate/server/postgres/pgtest"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/transfer"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 123456789, time.UTC)

type db interface {
	store.Store
	transfer.Sink
}

func openSQLite(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "hiregate.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openPostgres(t *testing.T) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fill writes one of everything a move carries, with the awkward values:
// a null and a set salary, non-ASCII text, a moved application with
// history, notes and audit events.
func fill(t *testing.T, st store.Store) {
	t.Helper()
	ctx := context.Background()
	rec := &hiregate.User{Email: "rec@example.com", FullName: "Renée Recruiter", Role: hiregate.RoleRecruiter, Active: true}
	cand := &hiregate.User{Email: "cand@example.com", FullName: "Cándido \"Quote\" <Tag>", Role: hiregate.RoleCandidate, Active: false}
	for _, u := range []*hiregate.User{rec, cand} {
		if err := st.CreateUser(ctx, u, "$2a$04$hash-of-"+u.Email); err != nil {
			t.Fatal(err)
		}
	}
	lo := int64(50000)
	jobs := []*hiregate.Job{
		{Title: "Café engineer", Description: "Crème brûlée\nand Go", Location: "Zürich", EmploymentType: "full_time", SalaryMin: &lo, Recruiter: hiregate.UserRef{ID: rec.ID}},
		{Title: "Closed job", Description: "", Location: "", EmploymentType: "contract", Status: hiregate.JobClosed, Recruiter: hiregate.UserRef{ID: rec.ID}},
	}
	for i, j := range jobs {
		if err := st.CreateJob(ctx, j, t0.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	app := &hiregate.Application{Job: hiregate.JobRef{ID: jobs[0].ID}, Candidate: hiregate.CandidateRef{ID: cand.ID}, CoverLetter: "Hi ✓", ResumeText: strings.Repeat("resume ", 100)}
	if err := st.CreateApplication(ctx, app, t0, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MoveApplication(ctx, app.ID, hiregate.StageScreening, hiregate.UserRef{ID: rec.ID}, t0.Add(time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateNote(ctx, &hiregate.Note{ApplicationID: app.ID, Author: hiregate.UserRef{ID: rec.ID}, Body: "good"}, t0); err != nil {
		t.Fatal(err)
	}
	// A resume's bytes (every byte value) move as they are.
	pdf := make([]byte, 512)
	for i := range pdf {
		pdf[i] = byte(i)
	}
	up := &store.ResumeUpload{Meta: hiregate.Resume{Filename: "cv é.pdf", ContentType: hiregate.ResumePDF, Size: 512, SHA256: "x", TextChars: 3, Pages: 1},
		Data: pdf, Text: "Go!"}
	if _, err := st.PutResume(ctx, app.ID, up, t0.Add(2*time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordAudit(ctx, &hiregate.AuditEvent{At: t0, Type: hiregate.AuditLoginOK, UserID: rec.ID, Email: rec.Email, IP: "192.0.2.1"}); err != nil {
		t.Fatal(err)
	}
	// A second factor, with one recovery code spent, and a pending one.
	if err := st.PutPendingTOTP(ctx, rec.ID, []byte{0, 1, 0xfe, 0xff, 'x'}, t0); err != nil {
		t.Fatal(err)
	}
	if err := st.EnableTOTP(ctx, rec.ID, []byte{0, 1, 0xfe, 0xff, 'x'}, 42, []string{"hash-a", "hash-b"}, t0); err != nil {
		t.Fatal(err)
	}
	if err := st.UseRecoveryCode(ctx, rec.ID, "hash-a", t0); err != nil {
		t.Fatal(err)
	}
	if err := st.PutPendingTOTP(ctx, cand.ID, []byte("pending"), t0); err != nil {
		t.Fatal(err)
	}
	// A linked SSH key, used once.
	key := &store.SSHKeyRecord{UserID: cand.ID, SSHKey: hiregate.SSHKey{ID: "k1", Name: "laptop é", Type: "ssh-ed25519",
		Fingerprint: "SHA256:abc", PublicKey: "ssh-ed25519 AAAA", CreatedAt: t0}}
	if err := st.AddSSHKey(ctx, key, hiregate.MaxSSHKeysPerUser); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UseSSHKey(ctx, "SHA256:abc", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
}

// TestRoundTrip moves SQLite to PostgreSQL and back and wants the same
// rows (by count and checksum) at every step, and the same file at the end.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openSQLite(t)
	fill(t, src)
	steps := []struct {
		name string
		dst  func(*testing.T) db
	}{
		{"to postgres", func(t *testing.T) db { return openPostgres(t) }},
		{"back to sqlite", func(t *testing.T) db { return openSQLite(t) }},
	}
	var file bytes.Buffer
	want, err := transfer.Export(ctx, src, &file)
	if err != nil {
		t.Fatalf("Export = %v", err)
	}
	if want["users"].Rows != 2 || want["jobs"].Rows != 2 || want["application_history"].Rows != 2 || want["notes"].Rows != 1 ||
		want["mfa_totp"].Rows != 2 || want["mfa_recovery_codes"].Rows != 2 {
		t.Fatalf("Export summary = %v, want 2 users, 2 jobs, 2 history entries, 1 note, 2 TOTP enrolments, 2 recovery codes", want)
	}
	if want["ssh_keys"].Rows != 1 {
		t.Fatalf("Export summary = %v, want the SSH key", want)
	}
	// application_profiles still moves (rows older versions wrote);
	// nothing writes it now.
	if want["resumes"].Rows != 1 || want["application_profiles"].Rows != 0 {
		t.Fatalf("Export summary = %v, want the resume and no profile", want)
	}
	first := file.String()
	funnel, err := src.FunnelTally(ctx, hiregate.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var cur db = src
	for _, step := range steps {
		dst := step.dst(t)
		got, err := transfer.Import(ctx, dst, strings.NewReader(file.String()))
		if err != nil {
			t.Fatalf("%s: Import = %v", step.name, err)
		}
		if !got.Equal(want) {
			t.Fatalf("%s: Import = %v, want %v", step.name, got, want)
		}
		// The funnel's running counts are not moved: the engine rebuilds
		// them from the history as it arrives.
		if f, err := dst.FunnelTally(ctx, hiregate.FunnelFilter{}); err != nil || !reflect.DeepEqual(f.Funnel(), funnel.Funnel()) {
			t.Fatalf("%s: funnel after import = %+v, %v; want %+v", step.name, f, err, funnel.Funnel())
		}
		file.Reset()
		if _, err := transfer.Export(ctx, dst, &file); err != nil {
			t.Fatalf("%s: Export = %v", step.name, err)
		}
		cur = dst
	}
	if file.String() != first {
		t.Fatalf("the file after the round trip differs from the first:\n%s\nwant\n%s", file.String(), first)
	}
	// The second factor moved whole: on, its last step, its codes.
	u, err := cur.UserByEmail(ctx, "rec@example.com")
	if err != nil || !u.MFA {
		t.Fatalf("moved recruiter = %+v, %v, want mfa on", u, err)
	}
	rec, err := cur.TOTP(ctx, u.ID)
	if err != nil || string(rec.Secret) != "\x00\x01\xfe\xffx" || rec.LastStep != 42 || rec.EnabledAt == nil {
		t.Fatalf("moved TOTP = %+v, %v, want the same sealed secret, step 42, enabled", rec, err)
	}
	if err := cur.UseRecoveryCode(ctx, u.ID, "hash-a", t0); err == nil {
		t.Fatal("a recovery code spent before the move works after it")
	}
	if n, _ := cur.RecoveryCodesLeft(ctx, u.ID); n != 1 {
		t.Fatalf("recovery codes left after the move = %d, want 1", n)
	}
	// The data works, not only adds up: search finds the moved job.
	jobs, _, err := cur.ListJobs(ctx, hiregate.JobFilter{Q: "creme zur"})
	if err != nil || len(jobs) != 1 {
		t.Fatalf("ListJobs(creme zur) after the move = %v, %v; want the café job", jobs, err)
	}
}

func TestImportPostgresSearchWorks(t *testing.T) {
	ctx := context.Background()
	src := openSQLite(t)
	fill(t, src)
	var file bytes.Buffer
	if _, err := transfer.Export(ctx, src, &file); err != nil {
		t.Fatal(err)
	}
	dst := openPostgres(t)
	if _, err := transfer.Import(ctx, dst, &file); err != nil {
		t.Fatalf("Import = %v", err)
	}
	jobs, _, err := dst.ListJobs(ctx, hiregate.JobFilter{Q: "brûl"})
	if err != nil || len(jobs) != 1 || jobs[0].Title != "Café engineer" {
		t.Fatalf("ListJobs(brûl) on the imported database = %v, %v; want the café job", jobs, err)
	}
}

// TestImportRefuses: every bad file and a non-empty database are refused
// with a clear error, and nothing is imported.
func TestImportRefuses(t *testing.T) {
	ctx := context.Background()
	src := openSQLite(t)
	fill(t, src)
	var buf bytes.Buffer
	if _, err := transfer.Export(ctx, src, &buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	lines := strings.SplitAfter(good, "\n")
	tests := []struct {
		name, file, want string
	}{
		{"Empty", "", "not a hiregate export"},
		{"NotJSON", "hello\n", "not a hiregate export"},
		{"FutureVersion", `{"format":"hiregate-export","version":99}` + "\n", "version 99"},
		{"CutShort", strings.Join(lines[:len(lines)-2], ""), "cut short"},
		{"RowEdited", strings.Replace(good, "Renée Recruiter", "Renee Recruiter", 1), "do not match"},
		{"RowDropped", strings.Replace(good, lineOf(lines, `{"t":"audit_events"`), "", 1), "do not match"},
		{"UnknownTable", strings.Replace(good, `{"t":"notes"`, `{"t":"secrets"`, 1), `unknown table "secrets"`},
		{"WrongType", strings.Replace(good, `"full_time"`, `17`, 1), "column employment_type"},
		{"NullText", strings.Replace(good, `"full_time"`, `null`, 1), "column employment_type"},
		{"DataAfterSummary", good + lines[1], "after the summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := openSQLite(t)
			_, err := transfer.Import(ctx, dst, strings.NewReader(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Import = %v, want an error containing %q", err, tt.want)
			}
			if n, err := dst.CountUsers(ctx); err != nil || n != 0 {
				t.Fatalf("after a refused import CountUsers = %d, %v; want 0", n, err)
			}
		})
	}
	t.Run("NonEmptyDatabase", func(t *testing.T) {
		_, err := transfer.Import(ctx, src, strings.NewReader(good))
		if hiregate.ErrorCode(err) != hiregate.ECONFLICT || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("Import into a non-empty database = %v, want ECONFLICT not empty", err)
		}
	})
}

// lineOf returns the first line starting with prefix.
func lineOf(lines []string, prefix string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	panic("no line starts with " + prefix)
}

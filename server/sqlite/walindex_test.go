package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
)

const (
	writerDBEnv   = "HIREGATE_TEST_SQLITE_WRITER_DB"
	writerStmtEnv = "HIREGATE_TEST_SQLITE_WRITER_STMT"
)

// TestWriterProcess is not a test: TestVersionSeesOtherProcesses runs the
// test binary again with writerDBEnv and writerStmtEnv set, so that the
// statement commits from another process, through the driver alone, as
// another program on the same file would.
func TestWriterProcess(t *testing.T) {
	path, stmt := os.Getenv(writerDBEnv), os.Getenv(writerStmtEnv)
	if path == "" {
		t.Skip("only run by TestVersionSeesOtherProcesses")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// Version reads the WAL-index header in shared memory rather than asking
// the database; what the caches trust it for must hold for commits of
// another process too: each one, also after the WAL was checkpointed and
// truncated, moves the version seen by the very next call.
func TestVersionSeesOtherProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hiregate.db")
	db, _ := mustOpenAt(t, path)
	if runtime.GOOS != "windows" && !sqlite.VersionsFromWALIndex(db) {
		t.Fatal("Version asks the database on this system; want the WAL-index header read")
	}
	if err := db.CreateUser(ctx, &hiregate.User{Email: "a@example.com", FullName: "A", Role: hiregate.RoleCandidate, Active: true}, "h"); err != nil {
		t.Fatal(err)
	}
	version := func() uint64 {
		t.Helper()
		v, err := db.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	seen := map[uint64]string{}
	for _, w := range []struct {
		name, stmt string
	}{
		{"deactivate", `UPDATE users SET active = 0`},
		{"reactivate", `UPDATE users SET active = 1`},
		{"checkpoint and truncate, then write", `PRAGMA wal_checkpoint(TRUNCATE); UPDATE users SET full_name = 'B'`},
		{"write after the truncation", `UPDATE users SET full_name = 'C'`},
		{"role change", `UPDATE users SET role = 'recruiter'`},
	} {
		before := version()
		seen[before] = w.name
		cmd := exec.Command(os.Args[0], "-test.run=^TestWriterProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), writerDBEnv+"="+path, writerStmtEnv+"="+w.stmt)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: writer process: %v\n%s", w.name, err, out)
		}
		after := version()
		if after == before {
			t.Errorf("%s in another process: Version() = %d before and after, want a change", w.name, after)
		}
		if earlier, ok := seen[after]; ok && after != before {
			t.Errorf("%s: Version() = %d, the number seen before %s", w.name, after, earlier)
		}
	}
}

// The header reader trusts only two equal, initialised copies, gives each
// header it meets a number of its own (never one handed out for another
// header, even when an older header comes back), and keeps its numbers
// apart from PRAGMA data_version's (the top bit), which answers whenever
// it cannot.
func TestWALIndexHeader(t *testing.T) {
	const n = sqlite.WALHeaderSize
	header := func(change, frame byte) []byte {
		h := make([]byte, n)
		h[8], h[12], h[16] = change, 1, frame
		return h
	}
	mem := make([]byte, 2*n)
	version := sqlite.WALIndexOver(mem)
	set := func(first, second []byte) {
		copy(mem, first)
		copy(mem[n:], second)
	}
	got := map[string]uint64{}
	for _, step := range []struct {
		name          string
		first, second []byte
		ok            bool
		same          string // the step whose version this one must equal
	}{
		{"not initialised", make([]byte, n), make([]byte, n), false, ""},
		{"first header", header(1, 3), header(1, 3), true, ""},
		{"same header again", header(1, 3), header(1, 3), true, "first header"},
		{"copies differ (a writer is between them)", header(1, 3), header(2, 4), false, ""},
		{"next commit", header(2, 4), header(2, 4), true, ""},
		{"an older header again", header(1, 3), header(1, 3), true, ""},
	} {
		set(step.first, step.second)
		v, ok := version()
		if ok != step.ok {
			t.Fatalf("%s: ok = %v, want %v", step.name, ok, step.ok)
		}
		if !ok {
			continue
		}
		if v>>63 != 1 {
			t.Errorf("%s: version %#x lacks the top bit", step.name, v)
		}
		for name, prev := range got {
			if (name == step.same) != (prev == v) {
				t.Errorf("%s: version %d, %q had %d; want equal only to %q", step.name, v, name, prev, step.same)
			}
		}
		if step.same == "" {
			got[step.name] = v
		}
	}
}

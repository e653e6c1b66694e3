package backup_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/backup"
	"github.com/hiregate/hiregate/server/dirlock"
	"github.com/hiregate/hiregate/server/sqlite"
	"github.com/hiregate/hiregate/shared/hiregate"
)

const dbFile = "hiregate.db"

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// newDB creates a migrated database at dir/hiregate.db holding users with
// the given emails.
func newDB(t *testing.T, dir string, emails ...string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, dbFile)
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, e := range emails {
		addUser(t, db, e)
	}
	return path
}

func addUser(t *testing.T, db *sqlite.DB, email string) {
	t.Helper()
	u := &hiregate.User{Email: email, FullName: "U", Role: hiregate.RoleCandidate, Active: true}
	if err := db.CreateUser(context.Background(), u, "x"); err != nil {
		t.Fatalf("CreateUser(%s) = %v", email, err)
	}
}

func hasUser(t *testing.T, path, email string) bool {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.UserByEmail(context.Background(), email)
	return err == nil
}

// TestBackupUnderLoad takes backups while 8 writers keep inserting, restores
// each into a fresh directory, and checks that every write acknowledged
// before the backup began is in it, and that nothing is there that was
// never acknowledged.
func TestBackupUnderLoad(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := newDB(t, dir)
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	const writers = 8
	var (
		mu    sync.Mutex
		acked []string
		stop  = make(chan struct{})
		wrote = make(chan struct{}, 1024)
		wg    sync.WaitGroup
		errc  = make(chan error, writers)
	)
	for w := range writers {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				email := fmt.Sprintf("w%d-%d@example.com", w, i)
				u := &hiregate.User{Email: email, FullName: "Writer", Role: hiregate.RoleCandidate, Active: true}
				if err := db.CreateUser(ctx, u, "x"); err != nil {
					errc <- err
					return
				}
				mu.Lock()
				acked = append(acked, email)
				mu.Unlock()
				select {
				case wrote <- struct{}{}:
				default:
				}
			}
		})
	}
	waitWrites := func(n int) {
		for range n {
			select {
			case <-wrote:
			case err := <-errc:
				t.Fatalf("writer: %v", err)
			}
		}
	}

	for round := range 3 {
		waitWrites(50)
		mu.Lock()
		before := slices.Clone(acked)
		mu.Unlock()

		out := filepath.Join(t.TempDir(), "backup.db")
		sum, err := backup.Create(ctx, path, out)
		if err != nil {
			t.Fatalf("round %d: Create() = %v", round, err)
		}
		mu.Lock()
		after := len(acked)
		mu.Unlock()
		if sum.Rows["users"] < int64(len(before)) || sum.Rows["users"] > int64(after) {
			t.Errorf("round %d: backup has %d users, want between %d (acknowledged before) and %d (after)", round, sum.Rows["users"], len(before), after)
		}

		fresh := filepath.Join(t.TempDir(), "data")
		if _, err := backup.Restore(ctx, fresh, dbFile, out, t0); err != nil {
			t.Fatalf("round %d: Restore() = %v", round, err)
		}
		restored, err := sqlite.Open(filepath.Join(fresh, dbFile))
		if err != nil {
			t.Fatal(err)
		}
		missing := 0
		for _, e := range before {
			if _, err := restored.UserByEmail(ctx, e); err != nil {
				missing++
			}
		}
		restored.Close()
		if missing > 0 {
			t.Errorf("round %d: %d of %d writes acknowledged before the backup are missing from the restored copy", round, missing, len(before))
		}
		t.Logf("round %d: %d acknowledged before, %d in the backup, %d after it", round, len(before), sum.Rows["users"], after)
	}
	close(stop)
	wg.Wait()
}

func TestCreateRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := newDB(t, dir, "a@example.com")
	tests := []struct {
		name, db, out, want string
	}{
		{"NoDatabase", filepath.Join(dir, "missing.db"), filepath.Join(dir, "b.db"), "no database to back up"},
		{"NoOutputDir", path, filepath.Join(dir, "nope", "b.db"), "output directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := backup.Create(ctx, tt.db, tt.out); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Create(%s, %s) = %v, want %q", tt.db, tt.out, err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
				t.Error("Create created the missing source database")
			}
		})
	}
}

// TestCreateIsOneFile: a backup is self-contained (rollback journal, no
// -wal beside it) and private.
func TestCreateIsOneFile(t *testing.T) {
	dir := t.TempDir()
	path := newDB(t, dir, "a@example.com", "b@example.com")
	outDir := t.TempDir()
	out := filepath.Join(outDir, "b.db")
	sum, err := backup.Create(context.Background(), path, out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows["users"] != 2 || sum.Schema != sqlite.LatestSchemaVersion() || sum.Path != out {
		t.Errorf("Create() = %+v, want 2 users at schema %d", sum, sqlite.LatestSchemaVersion())
	}
	entries, _ := os.ReadDir(outDir)
	if len(entries) != 1 {
		t.Errorf("output directory holds %v, want only the backup", entries)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	head := make([]byte, 20)
	f, _ := os.Open(out)
	f.Read(head)
	f.Close()
	if head[18] != 1 || head[19] != 1 {
		t.Errorf("backup header read/write versions = %d/%d, want 1/1 (rollback journal)", head[18], head[19])
	}
	if v, err := backup.Verify(context.Background(), out); err != nil || v.Rows["users"] != 2 {
		t.Errorf("Verify(backup) = %+v, %v; want 2 users", v, err)
	}
}

func TestRestoreKeepsReplacedAside(t *testing.T) {
	ctx := context.Background()
	old := t.TempDir()
	newDB(t, old, "old@example.com")
	src := newDB(t, t.TempDir(), "new@example.com")
	out := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Create(ctx, src, out); err != nil {
		t.Fatal(err)
	}
	r, err := backup.Restore(ctx, old, dbFile, out, t0)
	if err != nil {
		t.Fatalf("Restore() = %v", err)
	}
	wantAside := filepath.Join(old, dbFile+".replaced-20260301T100000Z")
	if r.Aside != wantAside || r.Rows["users"] != 1 {
		t.Errorf("Restore() = %+v, want aside %s and 1 user", r, wantAside)
	}
	if !hasUser(t, filepath.Join(old, dbFile), "new@example.com") || hasUser(t, filepath.Join(old, dbFile), "old@example.com") {
		t.Error("the data directory does not hold the restored database")
	}
	if !hasUser(t, wantAside, "old@example.com") {
		t.Error("the replaced database was not kept aside")
	}
	entries, _ := os.ReadDir(old)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".restore-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestRestoreRefuses feeds restore every kind of bad file and a directory
// a server holds: each is refused with a message saying why, and the data
// directory's database is left exactly as it was.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	good := filepath.Join(t.TempDir(), "good.db")
	if _, err := backup.Create(ctx, newDB(t, t.TempDir(), "a@example.com", "b@example.com"), good); err != nil {
		t.Fatal(err)
	}
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(goodBytes[16])<<8 | int(goodBytes[17])

	write := func(t *testing.T, b []byte) string {
		p := filepath.Join(t.TempDir(), "bad.db")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		file func(t *testing.T) string
		held bool
		want string
	}{
		{"Missing", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope.db") }, false, "no such file"},
		{"Empty", func(t *testing.T) string { return write(t, nil) }, false, "the file is empty"},
		{"NotSQLite", func(t *testing.T) string { return write(t, []byte("name,email\nAda,ada@example.com\n")) }, false, "not a SQLite database"},
		{"Truncated", func(t *testing.T) string { return write(t, goodBytes[:len(goodBytes)/2]) }, false, "the file is truncated"},
		{"TruncatedHeader", func(t *testing.T) string { return write(t, goodBytes[:40]) }, false, "the file is truncated"},
		{"Corrupted", func(t *testing.T) string {
			b := slices.Clone(goodBytes)
			// Page 2 onwards is b-tree pages: garbage there breaks them.
			copy(b[pageSize:], bytes.Repeat([]byte{0xA5}, 3*pageSize))
			return write(t, b)
		}, false, "corrupted"},
		{"NotHiregate", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "other.db")
			db, err := sql.Open("sqlite", p)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`CREATE TABLE contacts (name TEXT)`); err != nil {
				t.Fatal(err)
			}
			return p
		}, false, "not a hiregate database"},
		{"NewerSchema", func(t *testing.T) string {
			p := write(t, goodBytes)
			db, err := sql.Open("sqlite", p)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)`); err != nil {
				t.Fatal(err)
			}
			return p
		}, false, "schema version 9999, newer than this hiregate knows"},
		{"ServerRunning", func(t *testing.T) string { return good }, true, "a hiregate server is running on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := t.TempDir()
			dbPath := newDB(t, data, "keep@example.com")
			before, err := os.ReadFile(dbPath)
			if err != nil {
				t.Fatal(err)
			}
			if tt.held {
				l, err := dirlock.Shared(data)
				if err != nil {
					t.Fatal(err)
				}
				defer l.Release()
			}
			from := tt.file(t)
			if _, err := backup.Restore(ctx, data, dbFile, from, t0); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Restore(%s) = %v, want an error containing %q", tt.name, err, tt.want)
			}
			if after, err := os.ReadFile(dbPath); err != nil || !bytes.Equal(before, after) {
				t.Errorf("Restore(%s) changed the data directory's database (%v)", tt.name, err)
			}
			entries, _ := os.ReadDir(data)
			for _, e := range entries {
				if n := e.Name(); strings.Contains(n, ".restore-") || strings.Contains(n, ".replaced-") {
					t.Errorf("Restore(%s) left %s behind", tt.name, n)
				}
			}
			if !tt.held {
				if _, err := backup.Verify(ctx, from); err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Verify(%s) = %v, want an error containing %q", tt.name, err, tt.want)
				}
			}
		})
	}
}

func TestScheduledKeepsTheNewest(t *testing.T) {
	ctx := context.Background()
	path := newDB(t, t.TempDir(), "a@example.com")
	dir := filepath.Join(t.TempDir(), "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Files the operator put there are never pruned.
	for _, n := range []string{"notes.txt", "hiregate-manual.db"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		if _, err := backup.Scheduled(ctx, path, dir, 2, t0.Add(time.Duration(i)*24*time.Hour)); err != nil {
			t.Fatalf("Scheduled #%d = %v", i, err)
		}
	}
	var got []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{"hiregate-20260303T100000Z.db", "hiregate-20260304T100000Z.db", "hiregate-manual.db", "notes.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("backup directory = %v, want %v", got, want)
	}
}

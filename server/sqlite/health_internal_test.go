package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

func TestStorageCause(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A real SQLITE_READONLY: the read pool is query-only.
	_, readOnly := db.readPool.ExecContext(context.Background(), `DELETE FROM users`)
	if readOnly == nil {
		t.Fatal("a write through the query-only pool succeeded")
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"SQLiteReadOnly", readOnly, "database is read-only"},
		{"NoSpace", &fs.PathError{Op: "open", Path: "/d/x", Err: syscall.ENOSPC}, "disk full"},
		{"ReadOnlyFS", &fs.PathError{Op: "open", Path: "/d/x", Err: syscall.EROFS}, "data directory is read-only"},
		{"Permission", &fs.PathError{Op: "open", Path: "/d/x", Err: syscall.EACCES}, "data directory is not writable"},
		{"Missing", fmt.Errorf("wrapped: %w", &fs.PathError{Op: "open", Path: "/d/x", Err: syscall.ENOENT}), "data directory does not exist"},
		{"Other", errors.New("boom"), ""},
		{"Nil", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := storageCause(tt.err); got != tt.want {
				t.Fatalf("storageCause(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// writeHealth remembers why the last write failed, when it failed for
// want of storage (disk full, read-only, I/O error): reads keep working
// then, so a read alone would call the database ready while every write
// fails.
type writeHealth struct {
	mu  sync.Mutex
	err error // nil while writes succeed
}

// wrote records the outcome of a write and returns err. Only storage
// failures mark the database unwritable; a constraint violation or a
// cancelled request says nothing about the disk, so it changes nothing.
// A successful commit clears the mark.
func (db *DB) wrote(err error) error {
	if err == nil {
		db.health.set(nil)
	} else if cause := storageCause(err); cause != "" {
		db.health.set(fmt.Errorf("%s: %w", cause, err))
	}
	return err
}

func (h *writeHealth) set(err error) {
	h.mu.Lock()
	h.err = err
	h.mu.Unlock()
}

func (h *writeHealth) get() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}

// Ping reports whether the database answers and, when the last write
// failed for want of storage, whether writing works again. Tracking the
// last write costs nothing per request, where a write probe on every
// readiness check would take the only write connection, and an fsync,
// every few seconds; the probe runs only while writes are known to fail,
// so readiness comes back once the disk has room again even when no
// traffic arrives to prove it.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	if db.tx != nil {
		return nil
	}
	if err := db.writePool.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	if db.health.get() == nil {
		return nil
	}
	if err := db.probeWrite(ctx); err != nil {
		if cause := db.health.get(); cause != nil {
			return fmt.Errorf("sqlite: writes fail: %w", cause)
		}
		return fmt.Errorf("sqlite: write probe: %w", err)
	}
	return nil
}

// probeWrite commits a write that needs new pages, as most real writes
// do, and leaves the database as it was. Its outcome is recorded like any
// write's.
func (db *DB) probeWrite(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO write_probe (body) VALUES (randomblob(8192))`); err != nil {
			return fmt.Errorf("sqlite: write probe: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM write_probe`); err != nil {
			return fmt.Errorf("sqlite: write probe: %w", err)
		}
		return nil
	})
}

// storageCause names, in an operator's words, why err says the database
// cannot be written, or returns "" when it says nothing about storage.
func storageCause(err error) string {
	var e *sqlite.Error
	if errors.As(err, &e) {
		switch e.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return "disk full"
		case sqlite3.SQLITE_READONLY:
			return "database is read-only"
		case sqlite3.SQLITE_IOERR:
			return "I/O error"
		}
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "disk full"
	case errors.Is(err, syscall.EROFS):
		return "data directory is read-only"
	case errors.Is(err, fs.ErrPermission):
		return "data directory is not writable"
	case errors.Is(err, fs.ErrNotExist):
		return "data directory does not exist"
	}
	return ""
}

// diagnoseOpen names the cause of a failure to open the database at path.
// SQLite says only "unable to open database file" for a read-only or
// missing directory, so the directory is tried with a file of our own.
func diagnoseOpen(path string, err error) error {
	dir := filepath.Dir(path)
	f, perr := os.CreateTemp(dir, ".hiregate-probe-*")
	if perr == nil {
		name := f.Name()
		f.Close()
		os.Remove(name)
		if cause := storageCause(err); cause != "" {
			return fmt.Errorf("sqlite: open %s: %s: %w", path, cause, err)
		}
		return err
	}
	if cause := storageCause(perr); cause != "" {
		return fmt.Errorf("sqlite: open %s: %s (%v): %w", path, cause, perr, err)
	}
	return fmt.Errorf("sqlite: open %s: cannot create files in %s (%v): %w", path, dir, perr, err)
}

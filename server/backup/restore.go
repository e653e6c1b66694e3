package backup

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/hiregate/hiregate/server/dirlock"
)

// sqliteMagic opens every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// checkHeader refuses what is plainly not a whole SQLite file before
// SQLite reads it: a file cut short (an interrupted copy or download) is
// told by the page count in its header.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if n < len(sqliteMagic) || string(h[:len(sqliteMagic)]) != sqliteMagic {
		if fi.Size() == 0 {
			return errors.New("the file is empty")
		}
		return errors.New("not a SQLite database (no SQLite header): is this a hiregate backup file?")
	}
	if err != nil {
		return fmt.Errorf("the file is truncated: %d bytes, shorter than a SQLite header", fi.Size())
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	// The page count is valid when the two change counters agree, which
	// is the case for every file SQLite wrote since 3.7.0.
	if binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96]) && pages > 0 {
		if want := pages * pageSize; fi.Size() < want {
			return fmt.Errorf("the file is truncated: its header says %d bytes (%d pages), it has %d", want, pages, fi.Size())
		}
	}
	return nil
}

// Verify checks the backup file at path without changing it: a complete
// SQLite file, intact, with a hiregate schema this build can read. It
// works on a private copy, since SQLite may write to a file it opens.
func Verify(ctx context.Context, path string) (Summary, error) {
	if err := checkHeader(path); err != nil {
		return Summary{}, err
	}
	dir, err := os.MkdirTemp("", "hiregate-verify-")
	if err != nil {
		return Summary{}, err
	}
	defer os.RemoveAll(dir)
	cp := filepath.Join(dir, "check.db")
	if err := copyFile(path, cp); err != nil {
		return Summary{}, err
	}
	sum, err := check(ctx, cp, "")
	sum.Path = path
	return sum, err
}

// Restored is what Restore did.
type Restored struct {
	Summary
	// Aside is where the replaced database was kept, "" when the data
	// directory had none.
	Aside string
}

// Restore replaces the database of dataDir (dbFile inside it) with the
// backup at from. It refuses while a server holds the directory, and
// refuses a file that is truncated, corrupted, not a hiregate database or
// newer than this build. The replaced database is kept beside it as
// dbFile.replaced-<UTC time>. At every instant dbFile is either the old
// database or the whole new one.
func Restore(ctx context.Context, dataDir, dbFile, from string, now time.Time) (Restored, error) {
	if err := checkHeader(from); err != nil {
		return Restored{}, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return Restored{}, fmt.Errorf("create data directory: %w", err)
	}
	lock, err := dirlock.Exclusive(dataDir)
	if errors.Is(err, dirlock.ErrHeld) {
		return Restored{}, fmt.Errorf("a hiregate server is running on %s (it holds %s): stop it first, then restore", dataDir, dirlock.File)
	}
	if err != nil {
		return Restored{}, err
	}
	defer lock.Release()

	dbPath := filepath.Join(dataDir, dbFile)
	tmp, err := os.CreateTemp(dataDir, "."+dbFile+".restore-*")
	if err != nil {
		return Restored{}, err
	}
	tmpPath := tmp.Name()
	tmp.Close()
	ok := false
	defer func() {
		if !ok {
			removeDB(tmpPath)
		}
	}()
	if err := copyFile(from, tmpPath); err != nil {
		return Restored{}, err
	}
	sum, err := check(ctx, tmpPath, "")
	if err != nil {
		return Restored{}, err
	}
	sum.Path = from
	if err := syncFile(tmpPath); err != nil {
		return Restored{}, err
	}

	var aside string
	if _, err := os.Stat(dbPath); err == nil {
		aside = dbPath + ".replaced-" + stamp(now)
		if err := setAside(ctx, dbPath, aside); err != nil {
			return Restored{}, fmt.Errorf("keep the current database aside: %w", err)
		}
	}
	if err := os.Rename(tmpPath, dbPath); err != nil {
		return Restored{}, fmt.Errorf("move the restored database into place: %w", err)
	}
	ok = true
	if err := syncDir(dataDir); err != nil {
		return Restored{}, err
	}
	return Restored{Summary: sum, Aside: aside}, nil
}

// setAside keeps a copy of the database at dbPath as aside, with its WAL
// folded in first so the copy is whole and no stale -wal file is left to
// be replayed over the restored database. dbPath itself stays until the
// rename over it.
func setAside(ctx context.Context, dbPath, aside string) error {
	db, err := sql.Open("sqlite", fileURI(dbPath, url.Values{"mode": {"rw"}}))
	if err != nil {
		return err
	}
	_, cpErr := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()
	if cpErr != nil {
		// A damaged database is what one restores over: keep its -wal
		// beside the copy rather than failing.
		for _, s := range []string{"-wal", "-shm"} {
			if err := os.Rename(dbPath+s, aside+s); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	} else {
		os.Remove(dbPath + "-wal")
		os.Remove(dbPath + "-shm")
	}
	if err := os.Link(dbPath, aside); err != nil {
		// Hard links are missing on some file systems: copy instead.
		return copyFile(dbPath, aside)
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

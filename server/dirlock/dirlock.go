// Package dirlock keeps a restore and a running server off one data
// directory at the same time. Servers hold a shared lock on
// DIR/hiregate.lock for their whole life (several may share a directory);
// a restore needs the exclusive lock, so it is refused while any server
// runs, and a server refuses to start while a restore runs. The lock is
// the operating system's (flock, LockFileEx): it vanishes with the process,
// so a crash never leaves a stale lock behind.
package dirlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// File is the lock file's name inside the data directory.
const File = "hiregate.lock"

// ErrHeld means another process holds the lock in a conflicting mode.
var ErrHeld = errors.New("data directory is locked by another process")

// Lock is a held lock; Release lets it go.
type Lock struct{ f *os.File }

// Shared takes the lock that running servers hold.
func Shared(dir string) (*Lock, error) { return take(dir, false) }

// Exclusive takes the lock a restore needs: no server may hold the
// directory.
func Exclusive(dir string) (*Lock, error) { return take(dir, true) }

func take(dir string, exclusive bool) (*Lock, error) {
	path := filepath.Join(dir, File)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := lock(f, exclusive); err != nil {
		f.Close()
		if errors.Is(err, ErrHeld) {
			return nil, fmt.Errorf("%w (%s)", ErrHeld, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Release lets the lock go. The file stays: removing it would let two
// processes lock two different files of one name.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the descriptor releases the lock
	l.f = nil
	return err
}

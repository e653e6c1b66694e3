//go:build unix

package sqlite

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// openWALIndex maps the first page of path's -shm file read-only, or
// returns nil (Version then always asks the database). Call it only once
// a connection of this process has the database open in WAL mode, so that
// the file exists and is initialised.
//
// The file stays open until close: SQLite locks it with POSIX record
// locks, and closing any descriptor of a file drops every such lock the
// process holds on it, SQLite's included. close must therefore run after
// every connection of this process to the database is closed.
func openWALIndex(path string) *walIndex {
	f, err := os.Open(path + "-shm")
	if err != nil {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Size() < 2*walHdrSize {
		f.Close()
		return nil
	}
	mem, err := unix.Mmap(int(f.Fd()), 0, 2*walHdrSize, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		f.Close()
		return nil
	}
	return &walIndex{mem: mem, unmap: func() error {
		return errors.Join(unix.Munmap(mem), f.Close())
	}}
}

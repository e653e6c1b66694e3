package sqlite

import (
	"runtime/debug"
	"sync/atomic"
	"unsafe"
)

// Version without a query. In WAL mode every connection to the file, in
// this process or another, learns whether anything was committed by
// reading the WAL-index header at the start of the -shm file, which the
// committing connection rewrites before its commit returns; PRAGMA
// data_version is nothing but a counter of the times that header was seen
// to change. Reading the header here, from a read-only mapping of the same
// file, sees the same changes as the query without a read transaction,
// database/sql or the one connection every request queued for.
//
// The header is stored twice: a writer writes copy 2 then copy 1, a reader
// reads copy 1 then copy 2 and trusts them only when they are equal (as
// SQLite's own readers do). Equal headers mean the same WAL generation
// (salts), the same last frame and the same running checksum of the
// frames, so the same snapshot of the database; the change counter they
// also hold moves on every commit. Any change of the header, commit or
// not (a WAL restart, a recovery), gives a new version: at worst a cache
// miss.
//
// When the header cannot be read consistently (a writer is rewriting it,
// the file is not initialised, or it cannot be mapped at all), Version
// asks PRAGMA data_version as before. The two kinds of number never meet:
// the header's versions have the top bit set.

const (
	walHdrSize  = 48 // one copy of the WAL-index header (WalIndexHdr)
	walHdrWords = walHdrSize / 4
	walIsInit   = 12 // offset of the isInit byte in a copy
	walFastBit  = 1 << 63
	walRetries  = 4
)

type walHeader [walHdrWords]uint32

// walSeen binds one header to the version handed out for it.
type walSeen struct {
	hdr walHeader
	v   uint64
}

// walIndex reads the WAL-index header of one database file.
type walIndex struct {
	mem    []byte // read-only shared mapping of the -shm file's first page
	unmap  func() error
	seen   atomic.Pointer[walSeen]
	next   atomic.Uint64
	broken atomic.Bool // closed, or a read faulted: use the query from now on
}

// version returns a version read from the header, or ok false when the
// caller must ask the database.
func (w *walIndex) version() (v uint64, ok bool) {
	if w == nil || w.broken.Load() {
		return 0, false
	}
	for range walRetries {
		h, ok := w.read()
		if !ok {
			continue
		}
		for {
			cur := w.seen.Load()
			if cur != nil && cur.hdr == h {
				return cur.v, true
			}
			// A new header gets a number never handed out before, so an
			// entry tagged under another header can never match it, even
			// when a request that read an older header stores it after
			// this one.
			n := &walSeen{hdr: h, v: walFastBit | w.next.Add(1)}
			if w.seen.CompareAndSwap(cur, n) {
				return n.v, true
			}
		}
	}
	return 0, false
}

// read returns the header when both copies are equal and initialised.
func (w *walIndex) read() (h walHeader, ok bool) {
	// The mapping stays valid while this process has the database open
	// (SQLite truncates the file only when it is the first to open it),
	// but a fault must not take the server down.
	defer func() {
		if recover() != nil {
			w.broken.Store(true)
			ok = false
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var h2 walHeader
	base := unsafe.Pointer(unsafe.SliceData(w.mem))
	for i := range walHdrWords {
		h[i] = atomic.LoadUint32((*uint32)(unsafe.Add(base, 4*i)))
	}
	for i := range walHdrWords {
		h2[i] = atomic.LoadUint32((*uint32)(unsafe.Add(base, walHdrSize+4*i)))
	}
	isInit := (*[walHdrSize]byte)(unsafe.Pointer(&h))[walIsInit]
	return h, h == h2 && isInit == 1
}

// close unmaps the file; Version asks the database from then on. Closing
// twice is a no-op, like closing the database twice.
func (w *walIndex) close() error {
	if w == nil || w.broken.Swap(true) || w.unmap == nil {
		return nil
	}
	return w.unmap()
}

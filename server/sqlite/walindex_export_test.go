package sqlite

// VersionsFromWALIndex reports whether db's Version reads the WAL-index
// header instead of asking PRAGMA data_version.
func VersionsFromWALIndex(db *DB) bool {
	_, ok := db.wal.version()
	return ok
}

// WALIndexOver is a WAL-index reader of mem (two header copies) instead of
// a mapped file, so that tests can write the headers.
func WALIndexOver(mem []byte) func() (uint64, bool) {
	w := &walIndex{mem: mem}
	return w.version
}

// WALHeaderSize is the size of one copy of the WAL-index header.
const WALHeaderSize = walHdrSize

package events

import (
	"strconv"
	"strings"
)

// maxIDLen bounds a Last-Event-ID worth parsing; anything longer is not
// one of ours.
const maxIDLen = 64

// formatID makes the opaque id a client sees: the bus's epoch and the
// event's number. The epoch keeps ids from an earlier process (or another
// bus) from being mistaken for positions in this one's history.
func formatID(epoch string, seq uint64) string {
	return epoch + "-" + strconv.FormatUint(seq, 10)
}

// parseID returns the number of an id made by formatID under epoch; ok is
// false for anything else.
func parseID(epoch, id string) (seq uint64, ok bool) {
	if len(id) > maxIDLen {
		return 0, false
	}
	e, n, found := strings.Cut(id, "-")
	if !found || e != epoch {
		return 0, false
	}
	seq, err := strconv.ParseUint(n, 10, 64)
	// Only the canonical form: "007" or "+7" were never sent by us.
	if err != nil || seq == 0 || strconv.FormatUint(seq, 10) != n {
		return 0, false
	}
	return seq, true
}

package sqlstore

import "time"

// CeilSeconds rounds nanoseconds up to whole seconds, at least 1: the
// Retry-After of a throttled attempt, which must never say "now".
func CeilSeconds(ns int64) int {
	s := (ns + int64(time.Second) - 1) / int64(time.Second)
	if s < 1 {
		return 1
	}
	return int(s)
}

//go:build windows

package backup

// syncDir is a no-op: Windows cannot open a directory for syncing, and
// NTFS journals the rename itself.
func syncDir(string) error { return nil }

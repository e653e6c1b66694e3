// Package secretfile holds the one rule for the files and directories that
// keep the server's secrets (the data directory, the JWT signing keys, the
// MFA sealing key): nobody but their owner should be able to reach them.
// Breaking it is a warning, not an error, because the operator may share
// the files with a group on purpose; the server still starts.
package secretfile

import (
	"io/fs"
	"log/slog"
)

// shared are the permission bits that open a file to users other than its
// owner.
const shared fs.FileMode = 0o077

// Shared reports whether mode lets users other than the owner in.
func Shared(mode fs.FileMode) bool { return mode.Perm()&shared != 0 }

// Warn logs a warning when mode (of path, which holds what, such as "JWT
// signing key") lets users other than the owner in, with the chmod that
// fixes it. It names the path and the mode, never the content.
func Warn(log *slog.Logger, what, path string, mode fs.FileMode) {
	if !Shared(mode) {
		return
	}
	if mode.IsDir() {
		log.Warn(what+" is accessible to other users; chmod 700 it", "dir", path, "mode", mode.Perm().String())
		return
	}
	log.Warn(what+" is readable by other users; chmod 600 it", "file", path, "mode", mode.Perm().String())
}

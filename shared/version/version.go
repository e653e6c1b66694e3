// Package version says which build of hiregate is running: the module
// version, the commit and its date, read from the build information the Go
// toolchain embeds (no -ldflags needed), and the major version of the HTTP
// API (hiregate.APIMajor), which server and client compare.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Info describes one build.
type Info struct {
	Version  string // module version, "(devel)" for a build from a checkout
	Commit   string // VCS revision, "" when not stamped
	Date     string // commit time (RFC 3339), "" when not stamped
	Modified bool   // the working tree had uncommitted changes
	Go       string // toolchain version
}

// Set by `make dist` (-ldflags -X) from git. The toolchain stamps the
// commit itself only when building in a plain clone outside workspace mode
// (not in a git worktree), and the module version never in workspace mode,
// so release builds say it explicitly.
var (
	linkVersion string
	linkCommit  string
	linkDate    string
)

// Get reads the running binary's build information.
func Get() Info {
	in := Info{Version: "(unknown)", Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		in = FromBuildInfo(bi)
	}
	return in.withLinked(linkVersion, linkCommit, linkDate)
}

// withLinked fills what the build information lacks from the values set
// at link time.
func (i Info) withLinked(version, commit, date string) Info {
	if version != "" && (i.Version == "(devel)" || i.Version == "(unknown)") {
		i.Version = version
	}
	if commit != "" && i.Commit == "" {
		i.Commit, i.Date = commit, date
		i.Modified = strings.HasSuffix(version, "-dirty")
	}
	return i
}

// FromBuildInfo extracts Info from bi; exported so tests can feed it any
// build information.
func FromBuildInfo(bi *debug.BuildInfo) Info {
	in := Info{Version: bi.Main.Version, Go: bi.GoVersion}
	if in.Version == "" {
		// Test binaries and `go run` of a workspace leave it empty.
		in.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Commit = s.Value
		case "vcs.time":
			in.Date = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String is the one line `--version` prints after the program's name, such
// as "v1.2.0 (commit 0123abcd4567, 2026-03-01T10:00:00Z) go1.26.0 api v1".
func (i Info) String() string {
	var b strings.Builder
	b.WriteString(i.Version)
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		b.WriteString(" (commit " + c)
		if i.Modified {
			b.WriteString("+modified")
		}
		if i.Date != "" {
			b.WriteString(", " + i.Date)
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, " %s api v%d", i.Go, hiregate.APIMajor)
	return b.String()
}

// Mismatch returns a warning for the user when the server speaks another
// major version of the API than this client, and "" when they agree. A
// server that does not say (api 0, older builds) is assumed compatible: v1
// is the only version that ever omitted it.
func Mismatch(serverAPI int) string {
	if serverAPI == 0 || serverAPI == hiregate.APIMajor {
		return ""
	}
	return "The server speaks API v" + strconv.Itoa(serverAPI) + " and this client v" + strconv.Itoa(hiregate.APIMajor) +
		": some screens may fail; install the client that matches the server"
}

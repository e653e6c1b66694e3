package version_test

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/shared/version"
)

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"Stamped", debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-03-01T10:00:00Z"}, {Key: "vcs.modified", Value: "false"},
		}}, "v1.2.0 (commit 0123456789ab, 2026-03-01T10:00:00Z) go1.26.0 api v1"},
		{"Modified", debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"},
		}}, "(devel) (commit abc+modified) go1.26.0 api v1"},
		{"Unstamped", debug.BuildInfo{GoVersion: "go1.26.0"}, "(devel) go1.26.0 api v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := version.FromBuildInfo(&tt.bi).String(); got != tt.want {
				t.Errorf("FromBuildInfo(%s).String() = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestGet(t *testing.T) {
	in := version.Get()
	if in.Version == "" || !strings.HasPrefix(in.Go, "go") {
		t.Errorf("Get() = %+v, want a version and a Go toolchain", in)
	}
}

func TestMismatch(t *testing.T) {
	tests := []struct {
		server int
		warn   bool
	}{
		{hiregate.APIMajor, false},
		{0, false}, // a server from before the field
		{hiregate.APIMajor + 1, true},
	}
	for _, tt := range tests {
		got := version.Mismatch(tt.server)
		if (got != "") != tt.warn {
			t.Errorf("Mismatch(%d) = %q, want a warning: %v", tt.server, got, tt.warn)
		}
		if tt.warn && !strings.Contains(got, "API v2") {
			t.Errorf("Mismatch(%d) = %q, want it to name the server's version", tt.server, got)
		}
	}
}

func TestWithLinked(t *testing.T) {
	devel := version.Info{Version: "(devel)", Go: "go1.26.0"}
	stamped := version.Info{Version: "v1.0.0", Commit: "abc", Date: "2026-01-01T00:00:00Z", Go: "go1.26.0"}
	tests := []struct {
		name string
		in   version.Info
		v, c string
		want string
	}{
		{"NothingLinked", devel, "", "", "(devel) go1.26.0 api v1"},
		{"Linked", devel, "v1.1.0", "0123456789abcdef", "v1.1.0 (commit 0123456789ab, 2026-03-01T10:00:00Z) go1.26.0 api v1"},
		{"LinkedDirty", devel, "c7c0428-dirty", "c7c0428aaaa", "c7c0428-dirty (commit c7c0428aaaa+modified, 2026-03-01T10:00:00Z) go1.26.0 api v1"},
		{"ToolchainWins", stamped, "v9", "fff", "v1.0.0 (commit abc, 2026-01-01T00:00:00Z) go1.26.0 api v1"},
	}
	for _, tt := range tests {
		if got := tt.in.WithLinked(tt.v, tt.c, "2026-03-01T10:00:00Z").String(); got != tt.want {
			t.Errorf("WithLinked(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

package secretfile_test

import (
	"io/fs"
	"log/slog"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/secretfile"
)

func TestWarn(t *testing.T) {
	tests := []struct {
		name string
		mode fs.FileMode
		want string // "" for no warning
	}{
		{"private file", 0o600, ""},
		{"read-only private file", 0o400, ""},
		{"group-readable file", 0o640, `msg="key is readable by other users; chmod 600 it" file=/d/k mode=-rw-r-----`},
		{"world-readable file", 0o644, `msg="key is readable by other users; chmod 600 it" file=/d/k mode=-rw-r--r--`},
		{"other-writable file", 0o602, "key is readable by other users; chmod 600 it"},
		{"private directory", fs.ModeDir | 0o700, ""},
		{"group-searchable directory", fs.ModeDir | 0o710, `msg="key is accessible to other users; chmod 700 it" dir=/d/k mode=-rwx--x---`},
		{"open directory", fs.ModeDir | 0o755, "key is accessible to other users; chmod 700 it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs strings.Builder
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{
				ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
					if a.Key == slog.TimeKey || a.Key == slog.LevelKey {
						return slog.Attr{}
					}
					return a
				},
			}))
			secretfile.Warn(log, "key", "/d/k", tt.mode)
			got := logs.String()
			if tt.want == "" && got != "" {
				t.Errorf("Warn(%v) logged %q, want nothing", tt.mode, got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("Warn(%v) logged %q, want %q", tt.mode, got, tt.want)
			}
			if got := secretfile.Shared(tt.mode); got != (tt.want != "") {
				t.Errorf("Shared(%v) = %v, want %v", tt.mode, got, tt.want != "")
			}
		})
	}
}

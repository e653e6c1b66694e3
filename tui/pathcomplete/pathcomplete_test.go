package pathcomplete_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hiregate/hiregate/tui/pathcomplete"
)

func TestComplete(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"resume.pdf", "resume-old.pdf", "notes.md", ".hidden", "docs/cv.md"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	d := dir + "/"
	tests := []struct {
		in   string
		want string
		list []string
	}{
		{d + "n", d + "notes.md", nil},
		{d + "do", d + "docs/", nil},
		{d + "docs/", d + "docs/cv.md", nil},
		{d + "res", d + "resume", []string{"resume-old.pdf", "resume.pdf"}},
		{d + "resume.", d + "resume.pdf", nil},
		{d + "x", d + "x", nil},
		{d + ".h", d + ".hidden", nil},
		{d, d, []string{"docs/", "notes.md", "resume-old.pdf", "resume.pdf"}},
		{d + "missing/dir/f", d + "missing/dir/f", nil},
	}
	for _, tt := range tests {
		got, list := pathcomplete.Complete(tt.in)
		if got != tt.want || !reflect.DeepEqual(list, tt.list) {
			t.Errorf("Complete(%q) = %q, %v; want %q, %v", tt.in, got, list, tt.want, tt.list)
		}
	}
}

func TestExpand(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory")
	}
	if got := pathcomplete.Expand("~/cv.pdf"); got != filepath.Join(home, "cv.pdf") {
		t.Errorf("Expand(~/cv.pdf) = %q, want %q", got, filepath.Join(home, "cv.pdf"))
	}
	if got := pathcomplete.Expand("a/~/b"); got != "a/~/b" {
		t.Errorf("Expand(a/~/b) = %q, want it unchanged", got)
	}
}

func TestTab(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "cv.pdf"), []byte("x"), 0o644)
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"", "", false},
		{dir + "/c", dir + "/cv.pdf", true},
		{dir + "/cv.pdf", dir + "/cv.pdf", false},
		{dir + "/zzz", dir + "/zzz", false},
	}
	for _, tt := range tests {
		got, _, ok := pathcomplete.Tab(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Tab(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

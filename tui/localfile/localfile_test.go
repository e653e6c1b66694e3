package localfile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/localfile"
)

func TestLine(t *testing.T) {
	tests := []struct {
		r    *hiregate.Resume
		want string
	}{
		{&hiregate.Resume{Filename: "resume.pdf", Pages: 2, Size: 12 * 1024}, "resume.pdf · 2 pages · 12 KB"},
		{&hiregate.Resume{Filename: "cv.pdf", Pages: 1, Size: 900}, "cv.pdf · 1 page · 900 B"},
		{&hiregate.Resume{Filename: "cv.md", Size: 3 * 1024 * 1024}, "cv.md · 3.0 MB"},
		{nil, "no file attached"},
	}
	for _, tt := range tests {
		if got := localfile.Line(tt.r); got != tt.want {
			t.Errorf("Line(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	f, err := localfile.Read(write("cv.pdf", []byte("%PDF-1.4")))
	if err != nil || f.Name != "cv.pdf" || f.ContentType != hiregate.ResumePDF || string(f.Data) != "%PDF-1.4" {
		t.Errorf("Read(cv.pdf) = %+v, %v", f, err)
	}
	tests := []struct {
		path string
		want string
	}{
		{write("cv.docx", []byte("x")), "choose a .pdf, .txt or .md file"},
		{write("empty.md", nil), "empty.md is empty"},
		{write("big.txt", bytes.Repeat([]byte("a"), hiregate.MaxResumeBytes+1)), "big.txt is larger than 5 MiB"},
		{filepath.Join(dir, "missing.pdf"), "cannot open"},
	}
	for _, tt := range tests {
		if _, err := localfile.Read(tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%s) error = %v, want %q", filepath.Base(tt.path), err, tt.want)
		}
	}
}

func TestSave(t *testing.T) {
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := localfile.Save(p, []byte("bytes")); err != nil {
		t.Fatalf("Save = %v", err)
	}
	fi, _ := os.Stat(p)
	if b, _ := os.ReadFile(p); string(b) != "bytes" || fi.Mode().Perm() != 0o600 {
		t.Errorf("Save wrote %q with mode %v, want \"bytes\" 0600", b, fi.Mode().Perm())
	}
	if err := localfile.Save(p, []byte("other")); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("Save(existing) = %v, want already exists", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "bytes" {
		t.Errorf("Save(existing) changed the file to %q", b)
	}
}

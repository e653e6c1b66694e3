// Package localfile is the terminal client's side of the user's files:
// reading a resume from a path to upload, describing an attached one in a
// line, and saving what the server sends (a resume, an export) without
// overwriting anything.
package localfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/pathcomplete"
)

// Line describes a resume as "resume.pdf · 2 pages · 12 KB".
func Line(r *hiregate.Resume) string {
	if r == nil {
		return "no file attached"
	}
	s := r.Filename
	switch {
	case r.Pages == 1:
		s += " · 1 page"
	case r.Pages > 1:
		s += fmt.Sprintf(" · %d pages", r.Pages)
	}
	return s + " · " + Size(r.Size)
}

// Size formats a byte count the way a file manager does (1024-based).
func Size(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%d KB", (n+512)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// File is a resume read from disk, ready to upload.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// Read loads the file at path for upload: its type comes from its
// extension, and a file over the server's limit or of a type the server
// does not take is refused before anything is sent.
func Read(path string) (*File, error) {
	path = pathcomplete.Expand(path)
	ct, ok := hiregate.ResumeTypeForFilename(path)
	if !ok {
		return nil, errors.New("choose a .pdf, .txt or .md file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, errors.Unwrap(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, hiregate.MaxResumeBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if len(data) > hiregate.MaxResumeBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB", filepath.Base(path), hiregate.MaxResumeBytes>>20)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s is empty", filepath.Base(path))
	}
	return &File{Name: filepath.Base(path), ContentType: ct, Data: data}, nil
}

// Where is path as the user should read it after a save: absolute, so a
// file saved from anywhere can be found.
func Where(path string) string {
	abs, err := filepath.Abs(pathcomplete.Expand(path))
	if err != nil {
		return path
	}
	return abs
}

// Save writes data to a new file at path, readable by its owner only (a
// resume or an export is personal data). It never replaces an existing
// file.
func Save(path string, data []byte) error {
	path = pathcomplete.Expand(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists; choose another name", path)
	} else if err != nil {
		return fmt.Errorf("cannot create %s: %w", path, errors.Unwrap(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return f.Close()
}

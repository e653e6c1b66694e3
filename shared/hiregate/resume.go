package hiregate

import (
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Resume file types the server accepts. The bytes must be what the type says.
const (
	ResumePDF      = "application/pdf"
	ResumeText     = "text/plain"
	ResumeMarkdown = "text/markdown"
)

// ResumeTypes lists the accepted resume content types.
var ResumeTypes = []string{ResumePDF, ResumeText, ResumeMarkdown}

// Resume limits shared by the server's checks and the client's form.
const (
	// MaxResumeBytes is the largest resume file accepted (413 above it).
	MaxResumeBytes = 5 << 20 // 5 MiB
	// MaxResumePages is the most pages a PDF resume may have.
	MaxResumePages = 50
	// MaxResumeFilenameLen is the longest file name kept, in bytes.
	MaxResumeFilenameLen = 255
)

// Resume describes the file attached to an application. The bytes are
// served by GET /applications/{id}/resume; the extracted text is the
// application's resume_text.
type Resume struct {
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	TextChars   int       `json:"text_chars"`
	Pages       int       `json:"pages,omitempty"` // PDFs only
	UploadedAt  time.Time `json:"uploaded_at"`
	// URL is where the file is downloaded (GET, same authorisation as
	// the application).
	URL string `json:"url"`
}

// ResumeURL is the path of an application's resume file.
func ResumeURL(applicationID string) string { return "/applications/" + applicationID + "/resume" }

// ResumeTypeForFilename guesses the content type from a file name's
// extension, for clients that upload from a path. ok is false for
// extensions the server does not accept.
func ResumeTypeForFilename(name string) (contentType string, ok bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return ResumePDF, true
	case ".txt", ".text":
		return ResumeText, true
	case ".md", ".markdown":
		return ResumeMarkdown, true
	}
	return "", false
}

// CleanResumeFilename returns the name kept for an uploaded file: its base
// name (client paths are dropped), or fallback when the client sent none.
// A name with control characters, invalid UTF-8 or over
// MaxResumeFilenameLen bytes is an EINVALID error: it ends up in a
// Content-Disposition header and on a recruiter's terminal.
func CleanResumeFilename(name, fallback string) (string, error) {
	// Both separators: a browser on Windows sends C:\Users\me\cv.pdf.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return fallback, nil
	}
	if !utf8.ValidString(name) {
		return "", ValidationError(map[string]string{"filename": "must be valid UTF-8"})
	}
	if len(name) > MaxResumeFilenameLen {
		return "", ValidationError(map[string]string{"filename": "must be at most 255 bytes"})
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '"' {
			return "", ValidationError(map[string]string{"filename": "must not contain control characters or quotes"})
		}
	}
	return name, nil
}

// DefaultResumeFilename is the name given to an upload that came without one.
func DefaultResumeFilename(contentType string) string {
	switch contentType {
	case ResumePDF:
		return "resume.pdf"
	case ResumeMarkdown:
		return "resume.md"
	}
	return "resume.txt"
}

// ApplicationSort orders a job's applications.
type ApplicationSort string

const (
	// SortArrival is the default: newest first.
	SortArrival ApplicationSort = ""
	// SortMatch ranks by how well resume and cover letter match the job.
	SortMatch ApplicationSort = "match"
)

// ParseApplicationSort reads the sort query parameter.
func ParseApplicationSort(s string) (ApplicationSort, error) {
	switch s {
	case "", "arrival":
		return SortArrival, nil
	case "match":
		return SortMatch, nil
	}
	return "", ValidationError(map[string]string{"sort": "must be arrival or match"})
}

// Match is how well an application matches its job: Score 0–100, the
// job's terms found in the resume and cover letter (strongest first), the
// job's skills found (and as which words) and its required skills
// missing. The score depends on the job and its applications only.
type Match struct {
	Score   int          `json:"score"`
	Terms   []string     `json:"terms"`
	Skills  []SkillFound `json:"skills"`
	Missing []string     `json:"missing"`
}

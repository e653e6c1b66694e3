// Package resume decides whether an uploaded resume file is what it claims
// to be and extracts its text: PDF through github.com/ledongthuc/pdf (pure
// Go), plain text and Markdown as they are. Everything a client can send
// ends as a text or as a *hiregate.Error with a reason a person can act on
// (422), never as a panic or an internal error.
//
// A PDF is a program for a parser, so reading one is bounded on every axis
// an attacker controls: file size, page count, page-tree nesting, the bytes
// its streams inflate to (measured by streaming them through a counter
// before the text is read), and wall time (the library takes no context, so
// extraction runs in a goroutine with a deadline; an abandoned goroutine
// keeps its worker slot until it really ends, so hostile files can occupy
// at most Limits.Workers cores, and after the deadline every read it makes
// of the file fails, which ends it at its next read or operator).
package resume

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Limits bound the work one file may cause.
type Limits struct {
	// MaxBytes is the largest file accepted (ETOOLARGE above it).
	MaxBytes int64
	// MaxPages is the most pages a PDF may have.
	MaxPages int
	// MaxDepth is how deep a PDF's page tree may nest.
	MaxDepth int
	// MaxInflated caps the decompressed size of all the streams text is
	// read from (content streams and font CMaps), summed over pages.
	MaxInflated int64
	// MaxTextChars is the longest text kept (the resume_text limit).
	MaxTextChars int
	// Timeout is the wall time one PDF may take.
	Timeout time.Duration
	// Workers is how many PDFs may be read at once, abandoned ones included.
	Workers int
}

// DefaultLimits are the limits the server runs with.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:     hiregate.MaxResumeBytes,
		MaxPages:     hiregate.MaxResumePages,
		MaxDepth:     16,
		MaxInflated:  32 << 20,
		MaxTextChars: hiregate.MaxResumeLen,
		Timeout:      5 * time.Second,
		Workers:      2,
	}
}

// Reasons a file is rejected, as they appear in the 422's
// fields["resume"].
const (
	ReasonEmpty          = "the file is empty"
	ReasonNotPDF         = "the file is not a PDF"
	ReasonNotText        = "the file is a PDF, not text"
	ReasonInvalidUTF8    = "the file is not valid UTF-8 text"
	ReasonControlChars   = "the file contains control characters"
	ReasonEncrypted      = "the PDF is encrypted or password protected"
	ReasonMalformed      = "the PDF is malformed"
	ReasonTooManyPages   = "the PDF has too many pages"
	ReasonTooDeep        = "the PDF's page tree is nested too deeply"
	ReasonInflatesTooBig = "the PDF's content inflates beyond the limit"
	ReasonTooSlow        = "the PDF took too long to read"
	ReasonNoText         = "the file has no extractable text"
	ReasonTextTooLong    = "the extracted text is longer than 100000 characters"
)

// Text is what a file holds.
type Text struct {
	Text  string
	Pages int // PDFs only
}

// Chars is the text's length in characters (the API's text_chars).
func (t *Text) Chars() int { return utf8.RuneCountInString(t.Text) }

// Extractor reads resume files within its limits. Its zero value is not
// usable; make one with New.
type Extractor struct {
	limits Limits
	slots  chan struct{}
}

// New returns an Extractor with the given limits; zero fields take the
// defaults.
func New(l Limits) *Extractor {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxPages <= 0 {
		l.MaxPages = d.MaxPages
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxInflated <= 0 {
		l.MaxInflated = d.MaxInflated
	}
	if l.MaxTextChars <= 0 {
		l.MaxTextChars = d.MaxTextChars
	}
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	if l.Workers <= 0 {
		l.Workers = d.Workers
	}
	return &Extractor{limits: l, slots: make(chan struct{}, l.Workers)}
}

// Limits returns the limits in force.
func (e *Extractor) Limits() Limits { return e.limits }

// ContentType parses a Content-Type header into one of hiregate.ResumeTypes.
// Parameters are ignored except a text charset, which must be UTF-8 (or its
// subset US-ASCII). Anything else is EUNSUPPORTED (415).
func ContentType(header string) (string, error) {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil {
		return "", unsupported()
	}
	switch mt {
	case hiregate.ResumePDF:
		return mt, nil
	case hiregate.ResumeText, hiregate.ResumeMarkdown:
		switch cs := strings.ToLower(params["charset"]); cs {
		case "", "utf-8", "utf8", "us-ascii":
			return mt, nil
		}
		return "", &hiregate.Error{Code: hiregate.EUNSUPPORTED, Message: "Resume text must be UTF-8"}
	}
	return "", unsupported()
}

func unsupported() error {
	return &hiregate.Error{Code: hiregate.EUNSUPPORTED,
		Message: "Resume must be application/pdf, text/plain or text/markdown"}
}

// Rejected is the 422 for a file that cannot be used, with its reason.
func Rejected(reason string) error {
	return &hiregate.Error{Code: hiregate.EINVALID, Message: "Resume rejected: " + reason,
		Fields: map[string]string{"resume": reason}}
}

// TooLarge is the 413 for a file over the limit.
func TooLarge(limit int64) error {
	return hiregate.Errorf(hiregate.ETOOLARGE, "Resume is larger than %d MiB", limit>>20)
}

// Extract checks that data is what contentType (one of
// hiregate.ResumeTypes, as ContentType returns) says and returns its text.
// Errors are *hiregate.Error (EINVALID with a Reason, ETOOLARGE,
// EUNSUPPORTED, EUNAVAILABLE when every worker is busy) or ctx's error when
// the caller gave up.
func (e *Extractor) Extract(ctx context.Context, contentType string, data []byte) (*Text, error) {
	if int64(len(data)) > e.limits.MaxBytes {
		return nil, TooLarge(e.limits.MaxBytes)
	}
	if len(data) == 0 {
		return nil, Rejected(ReasonEmpty)
	}
	switch contentType {
	case hiregate.ResumePDF:
		if !bytes.HasPrefix(data, pdfMagic) {
			return nil, Rejected(ReasonNotPDF)
		}
		return e.extractPDF(ctx, data)
	case hiregate.ResumeText, hiregate.ResumeMarkdown:
		return e.extractText(data)
	}
	return nil, unsupported()
}

var pdfMagic = []byte("%PDF-")

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// extractText accepts UTF-8 text with no control characters but tab and
// line ends. A Markdown file's markup stays: it is what a person wrote.
func (e *Extractor) extractText(data []byte) (*Text, error) {
	if bytes.HasPrefix(data, pdfMagic) {
		return nil, Rejected(ReasonNotText)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		return nil, Rejected(ReasonInvalidUTF8)
	}
	s := string(data)
	for _, r := range s {
		if isControl(r) {
			return nil, Rejected(ReasonControlChars)
		}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return e.finish(strings.TrimSpace(s), 0)
}

// isControl reports whether r is a control character a text file may not
// hold: C0 but tab, LF and CR; DEL; C1.
func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	return unicode.IsControl(r)
}

// finish applies the checks every kind of file shares.
func (e *Extractor) finish(s string, pages int) (*Text, error) {
	if !hasWords(s) {
		return nil, Rejected(ReasonNoText)
	}
	if utf8.RuneCountInString(s) > e.limits.MaxTextChars {
		return nil, Rejected(ReasonTextTooLong)
	}
	return &Text{Text: s, Pages: pages}, nil
}

func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// extractPDF runs readPDF in a goroutine on a worker slot, with a deadline.
func (e *Extractor) extractPDF(ctx context.Context, data []byte) (*Text, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	ctx, cancel := context.WithTimeout(ctx, e.limits.Timeout)
	defer cancel()
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, hiregate.Errorf(hiregate.EUNAVAILABLE, "Resume reading is busy; try again in a minute")
		}
		return nil, ctx.Err()
	}
	type result struct {
		text *Text
		err  error
	}
	done := make(chan result, 1)
	src := newSource(data)
	go func() {
		defer func() { <-e.slots }()
		text, err := e.readPDF(src)
		done <- result{text, err}
	}()
	select {
	case r := <-done:
		return r.text, r.err
	case <-ctx.Done():
		src.stop()
		return nil, ctxErr(ctx.Err())
	}
}

// ctxErr turns the deadline into a reason; a caller that hung up gets its
// own error back.
func ctxErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return Rejected(ReasonTooSlow)
	}
	return err
}

// errStopped is what every read of an abandoned file returns.
var errStopped = errors.New("resume: extraction stopped")

// rejection carries a reason out of a panic inside the PDF library's
// callbacks.
type rejection struct{ reason string }

func (r rejection) Error() string { return fmt.Sprintf("resume: %s", r.reason) }

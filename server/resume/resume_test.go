package resume_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hiregate/hiregate/server/resume"
	"github.com/hiregate/hiregate/server/resume/resumetest"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func extract(t *testing.T, l resume.Limits, ct string, data []byte) (*resume.Text, error) {
	t.Helper()
	return resume.New(l).Extract(context.Background(), ct, data)
}

func TestExtractPDF(t *testing.T) {
	data := resumetest.PDF("Jane Doe (Go developer)\nSkills: Go, PostgreSQL, Kubernetes", "Experience\nAcme Corp 2019-2024")
	got, err := extract(t, resume.Limits{}, hiregate.ResumePDF, data)
	if err != nil {
		t.Fatalf("Extract(two-page PDF) error = %v, want nil", err)
	}
	want := "Jane Doe (Go developer)\nSkills: Go, PostgreSQL, Kubernetes\n\nExperience\nAcme Corp 2019-2024"
	if got.Text != want || got.Pages != 2 {
		t.Errorf("Extract(two-page PDF) = %q, %d pages, want %q, 2 pages", got.Text, got.Pages, want)
	}
	if got.Chars() != utf8.RuneCountInString(want) {
		t.Errorf("Chars() = %d, want %d", got.Chars(), utf8.RuneCountInString(want))
	}
}

// TeX and many generators put no space glyphs between words: the gap is a
// negative number in a TJ array. Flate-compressed content and a font
// without an /Encoding exercise the other common paths.
func TestExtractPDFKernedCompressed(t *testing.T) {
	content := []byte("BT /F1 11 Tf 72 700 Td [(Senior)-333(Go)-333(engineer)] TJ 0 -14 Td [(Post)20(greSQL)] TJ ET")
	data := resumetest.Build("",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		resumetest.Flate(content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
	)
	got, err := extract(t, resume.Limits{}, hiregate.ResumePDF, data)
	if err != nil {
		t.Fatalf("Extract(kerned PDF) error = %v, want nil", err)
	}
	if want := "Senior Go engineer\nPostgreSQL"; got.Text != want {
		t.Errorf("Extract(kerned PDF) = %q, want %q", got.Text, want)
	}
}

func TestExtractText(t *testing.T) {
	tests := []struct {
		name string
		ct   string
		in   string
		want string
	}{
		{"Plain", hiregate.ResumeText, "Jane Doe\nGo, SQL\n", "Jane Doe\nGo, SQL"},
		{"MarkdownKeepsMarkup", hiregate.ResumeMarkdown, "# Jane Doe\n\n* Go\n* SQL", "# Jane Doe\n\n* Go\n* SQL"},
		{"BOMDropped", hiregate.ResumeText, "\xef\xbb\xbfJane", "Jane"},
		{"CRLFNormalised", hiregate.ResumeText, "a\r\nb\rc\td", "a\nb\nc\td"},
		{"Unicode", hiregate.ResumeMarkdown, "Zoë Ångström — 日本語", "Zoë Ångström — 日本語"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := extract(t, resume.Limits{}, tt.ct, []byte(tt.in))
			if err != nil {
				t.Fatalf("Extract(%q) error = %v, want nil", tt.in, err)
			}
			if got.Text != tt.want || got.Pages != 0 {
				t.Errorf("Extract(%q) = %q, %d pages, want %q, 0 pages", tt.in, got.Text, got.Pages, tt.want)
			}
		})
	}
}

func reason(err error) string {
	var e *hiregate.Error
	if errors.As(err, &e) && e.Code == hiregate.EINVALID {
		return e.Fields["resume"]
	}
	return fmt.Sprintf("not a 422: %v", err)
}

func pages(n int, count int) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids []string
	for i := 0; i < n; i++ {
		objs = append(objs, "<< /Type /Page /Parent 2 0 R >>")
		kids = append(kids, fmt.Sprintf("%d 0 R", len(objs)))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), count)
	return resumetest.Build("", objs...)
}

// nested returns a page tree `depth` levels deep with one page at the bottom.
func nested(depth int) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>"}
	for i := 0; i < depth; i++ {
		n := len(objs) + 1
		objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", n+1))
	}
	objs = append(objs, "<< /Type /Page /Contents "+fmt.Sprint(len(objs)+2)+" 0 R >>",
		resumetest.Stream("", []byte("BT (deep) Tj ET")))
	return resumetest.Build("", objs...)
}

func TestExtractRejects(t *testing.T) {
	valid := resumetest.PDF("Jane Doe")
	bomb := resumetest.Build("",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		// 64 MiB of spaces compress to about 64 KiB.
		resumetest.Flate(bytes.Repeat([]byte(" "), 64<<20)),
	)
	cyclic := resumetest.Build("",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 1 >>",
	)
	encrypted := resumetest.Build("/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
		"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <"+strings.Repeat("ab", 32)+"> /U <"+strings.Repeat("cd", 32)+"> >>",
	)
	aes256 := resumetest.Build("/Encrypt 3 0 R /ID [<00> <00>]",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
		"<< /Filter /Standard /V 5 /R 6 /Length 256 >>",
	)
	imageOnly := resumetest.Build("",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		resumetest.Stream("", []byte("q 100 0 0 100 0 0 cm /Im1 Do Q")),
	)
	badFlate := resumetest.Build("",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		resumetest.Stream("/Filter /FlateDecode", []byte("this is not zlib data")),
	)
	tests := []struct {
		name string
		ct   string
		data []byte
		want string
	}{
		{"Empty", hiregate.ResumePDF, nil, resume.ReasonEmpty},
		{"EmptyText", hiregate.ResumeText, []byte{}, resume.ReasonEmpty},
		{"TextCalledPDF", hiregate.ResumePDF, []byte("Jane Doe, Go developer"), resume.ReasonNotPDF},
		{"PNGCalledPDF", hiregate.ResumePDF, []byte("\x89PNG\r\n\x1a\n\x00\x00"), resume.ReasonNotPDF},
		{"PDFCalledText", hiregate.ResumeText, valid, resume.ReasonNotText},
		{"PDFCalledMarkdown", hiregate.ResumeMarkdown, valid, resume.ReasonNotText},
		{"InvalidUTF8", hiregate.ResumeText, []byte("Jane \xff\xfe Doe"), resume.ReasonInvalidUTF8},
		{"MarkdownWithNUL", hiregate.ResumeMarkdown, []byte("# Jane\x00Doe"), resume.ReasonControlChars},
		{"MarkdownWithEscape", hiregate.ResumeMarkdown, []byte("# Jane \x1b[31mDoe"), resume.ReasonControlChars},
		{"MarkdownWithC1", hiregate.ResumeMarkdown, []byte("# Jane \u009bDoe"), resume.ReasonControlChars},
		{"TextWhitespaceOnly", hiregate.ResumeText, []byte(" \n\t\n"), resume.ReasonNoText},
		{"TextTooLong", hiregate.ResumeText, bytes.Repeat([]byte("a"), hiregate.MaxResumeLen+1), resume.ReasonTextTooLong},
		{"Truncated", hiregate.ResumePDF, valid[:len(valid)/2], resume.ReasonMalformed},
		{"HeaderOnly", hiregate.ResumePDF, []byte("%PDF-1.4\n"), resume.ReasonMalformed},
		{"BadXref", hiregate.ResumePDF, []byte("%PDF-1.4\nxref garbage\nstartxref\n9\n%%EOF\n"), resume.ReasonMalformed},
		{"CorruptFlate", hiregate.ResumePDF, badFlate, resume.ReasonMalformed},
		{"Encrypted", hiregate.ResumePDF, encrypted, resume.ReasonEncrypted},
		{"EncryptedAES256", hiregate.ResumePDF, aes256, resume.ReasonEncrypted},
		{"FlateBomb", hiregate.ResumePDF, bomb, resume.ReasonInflatesTooBig},
		{"CountTooHigh", hiregate.ResumePDF, pages(1, 1_000_000), resume.ReasonTooManyPages},
		{"CountLiesLow", hiregate.ResumePDF, pages(hiregate.MaxResumePages+1, 1), resume.ReasonTooManyPages},
		{"NestedTooDeep", hiregate.ResumePDF, nested(40), resume.ReasonTooDeep},
		{"CyclicPageTree", hiregate.ResumePDF, cyclic, resume.ReasonTooDeep},
		{"NoPages", hiregate.ResumePDF, pages(0, 0), resume.ReasonNoText},
		{"ImageOnly", hiregate.ResumePDF, imageOnly, resume.ReasonNoText},
		{"BlankPages", hiregate.ResumePDF, pages(3, 3), resume.ReasonNoText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := extract(t, resume.Limits{}, tt.ct, tt.data)
			if r := reason(err); r != tt.want {
				t.Errorf("Extract(%s) = %+v, %s; want 422 %q", tt.name, got, r, tt.want)
			}
		})
	}
}

func TestExtractNestingWithinLimit(t *testing.T) {
	got, err := extract(t, resume.Limits{}, hiregate.ResumePDF, nested(10))
	if err != nil || got.Text != "deep" {
		t.Errorf("Extract(10 levels) = %+v, %v; want \"deep\"", got, err)
	}
}

func TestExtractTooLarge(t *testing.T) {
	data := append(resumetest.PDF("Jane"), bytes.Repeat([]byte("%"), hiregate.MaxResumeBytes)...)
	_, err := extract(t, resume.Limits{}, hiregate.ResumePDF, data)
	if hiregate.ErrorCode(err) != hiregate.ETOOLARGE {
		t.Errorf("Extract(%d bytes) error = %v, want %s", len(data), err, hiregate.ETOOLARGE)
	}
}

func TestContentType(t *testing.T) {
	tests := []struct {
		in   string
		want string
		code string
	}{
		{"application/pdf", hiregate.ResumePDF, ""},
		{"Application/PDF", hiregate.ResumePDF, ""},
		{"text/plain; charset=utf-8", hiregate.ResumeText, ""},
		{"text/plain; charset=US-ASCII", hiregate.ResumeText, ""},
		{"text/markdown", hiregate.ResumeMarkdown, ""},
		{"text/plain; charset=latin1", "", hiregate.EUNSUPPORTED},
		{"application/msword", "", hiregate.EUNSUPPORTED},
		{"image/png", "", hiregate.EUNSUPPORTED},
		{"", "", hiregate.EUNSUPPORTED},
		{"text/plain; charset", "", hiregate.EUNSUPPORTED},
	}
	for _, tt := range tests {
		got, err := resume.ContentType(tt.in)
		if got != tt.want || hiregate.ErrorCode(err) != tt.code {
			t.Errorf("ContentType(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.code)
		}
	}
}

// A PDF that never finishes is abandoned at the deadline with a reason; its
// goroutine keeps its worker slot until it ends, so the next PDF finds every
// worker busy instead of piling up more work.
func TestExtractDeadlineAndBusyWorkers(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	resume.SetTestHook(func() {
		started <- struct{}{}
		<-release
	})
	t.Cleanup(func() { resume.SetTestHook(nil) })

	x := resume.New(resume.Limits{Workers: 1, Timeout: 20 * time.Millisecond})
	_, err := x.Extract(context.Background(), hiregate.ResumePDF, resumetest.PDF("Jane"))
	if r := reason(err); r != resume.ReasonTooSlow {
		t.Fatalf("Extract(held PDF) = %s, want 422 %q", r, resume.ReasonTooSlow)
	}
	<-started
	_, err = x.Extract(context.Background(), hiregate.ResumePDF, resumetest.PDF("Jane"))
	if code := hiregate.ErrorCode(err); code != hiregate.EUNAVAILABLE {
		t.Fatalf("Extract(while the only worker is held) error = %v, want %s", err, hiregate.EUNAVAILABLE)
	}
	// Text files need no worker.
	if _, err := x.Extract(context.Background(), hiregate.ResumeText, []byte("Jane")); err != nil {
		t.Errorf("Extract(text while workers busy) error = %v, want nil", err)
	}
	close(release)
	resume.SetTestHook(nil)
}

func TestExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := resume.New(resume.Limits{}).Extract(ctx, hiregate.ResumePDF, resumetest.PDF("Jane"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Extract(cancelled) error = %v, want context.Canceled", err)
	}
}

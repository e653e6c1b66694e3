package resume_test

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/hiregate/hiregate/server/resume"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// FuzzExtract feeds arbitrary bytes under each accepted type. Whatever
// comes in, Extract returns either clean text or a client error: never a
// panic, never an internal error. Seeds (testdata/fuzz/FuzzExtract) are
// small real PDFs, a flate stream, an encrypted trailer and text files.
func FuzzExtract(f *testing.F) {
	x := resume.New(resume.Limits{})
	f.Fuzz(func(t *testing.T, data []byte, kind byte) {
		ct := hiregate.ResumeTypes[int(kind)%len(hiregate.ResumeTypes)]
		got, err := x.Extract(context.Background(), ct, data)
		if err != nil {
			switch code := hiregate.ErrorCode(err); code {
			case hiregate.EINVALID, hiregate.ETOOLARGE, hiregate.EUNAVAILABLE:
			default:
				t.Fatalf("Extract(%s, %q) error = %v (code %s), want a client error", ct, data, err, code)
			}
			return
		}
		if !utf8.ValidString(got.Text) {
			t.Fatalf("Extract(%s, %q) text is not valid UTF-8: %q", ct, data, got.Text)
		}
		if i := strings.IndexFunc(got.Text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }); i >= 0 {
			t.Fatalf("Extract(%s, %q) text has a control character at %d: %q", ct, data, i, got.Text)
		}
		if got.Chars() > hiregate.MaxResumeLen || strings.TrimSpace(got.Text) == "" {
			t.Fatalf("Extract(%s, %q) = %d chars, want 1..%d", ct, data, got.Chars(), hiregate.MaxResumeLen)
		}
	})
}

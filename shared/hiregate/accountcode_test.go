package hiregate_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestParseOneTimeCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ABCD-EFGH", "ABCD-EFGH", true},
		{"abcd-efgh", "ABCD-EFGH", true},
		{"abcdefgh", "ABCD-EFGH", true},
		{" ab cd-ef gh ", "ABCD-EFGH", true},
		{"IL0O-1234", "1100-1234", true},
		{"il0o1234", "1100-1234", true},
		{"ABCD-EFG", "", false},
		{"ABCD-EFGHJ", "", false},
		{"ABCU-EFGH", "", false}, // U is not in Crockford's alphabet
		{"ABCD_EFGH", "", false},
		{"", "", false},
		{"ÀBCD-EFGH", "", false},
		{strings.Repeat("-", 100) + "ABCDEFGH", "", false},
	}
	for _, tt := range tests {
		got, ok := hiregate.ParseOneTimeCode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseOneTimeCode(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEncodeOneTimeCodeParses(t *testing.T) {
	for b := 0; b < 256; b++ {
		raw := []byte{byte(b), byte(b + 1), byte(b + 2), byte(b + 3), byte(b + 4), byte(b + 5), byte(b + 6), byte(b + 7)}
		code := hiregate.EncodeOneTimeCode(raw)
		if got, ok := hiregate.ParseOneTimeCode(code); !ok || got != code {
			t.Fatalf("ParseOneTimeCode(EncodeOneTimeCode(%v) = %q) = %q, %v, want it back", raw, code, got, ok)
		}
	}
}

// FuzzParseOneTimeCode: whatever is typed, the parser answers quickly
// with either nothing or a canonical code that parses to itself, and the
// sloppy forms of a code (case, dash) parse to the same code.
func FuzzParseOneTimeCode(f *testing.F) {
	for _, s := range []string{"ABCD-EFGH", "abcdefgh", "IL0O-1234", "", "----", "ÀBCD-EFGH", "ABCD EFGH", "zzzz-zzzz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := hiregate.ParseOneTimeCode(s)
		if !ok {
			if got != "" {
				t.Fatalf("ParseOneTimeCode(%q) = %q, false, want \"\"", s, got)
			}
			return
		}
		if len(got) != hiregate.CodeLen+1 || got[hiregate.CodeLen/2] != '-' {
			t.Fatalf("ParseOneTimeCode(%q) = %q, not XXXX-XXXX", s, got)
		}
		again, ok2 := hiregate.ParseOneTimeCode(got)
		if !ok2 || again != got {
			t.Fatalf("ParseOneTimeCode(%q) = %q, %v, want it unchanged", got, again, ok2)
		}
		lower, ok3 := hiregate.ParseOneTimeCode(strings.ToLower(strings.ReplaceAll(got, "-", "")))
		if !ok3 || lower != got {
			t.Fatalf("lower case, no dash of %q parsed to %q, %v", got, lower, ok3)
		}
	})
}

package hiregate_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestParseCode(t *testing.T) {
	tests := []struct {
		in   string
		kind hiregate.CodeKind
		want string
	}{
		{"123456", hiregate.CodeTOTP, "123456"},
		{" 123 456 ", hiregate.CodeTOTP, "123456"},
		{"123-456", hiregate.CodeTOTP, "123456"},
		{"012345", hiregate.CodeTOTP, "012345"},
		{"12345", hiregate.CodeInvalid, ""},
		{"1234567", hiregate.CodeInvalid, ""},
		{"12345a", hiregate.CodeInvalid, ""},
		{"１２３４５６", hiregate.CodeInvalid, ""}, // full-width digits are not ASCII digits
		{"abcd-efgh-ijkl-mnop", hiregate.CodeRecovery, "abcdefghijklmnop"},
		{"ABCD EFGH IJKL MNOP", hiregate.CodeRecovery, "abcdefghijklmnop"},
		{"abcdefghijklmnop", hiregate.CodeRecovery, "abcdefghijklmnop"},
		{"abcd-efgh-ijkl-mno0", hiregate.CodeInvalid, ""}, // 0 is not base32
		{"abcd-efgh-ijkl-mno", hiregate.CodeInvalid, ""},
		{"", hiregate.CodeInvalid, ""},
		{"------", hiregate.CodeInvalid, ""},
		{strings.Repeat(" ", 58) + "123456", hiregate.CodeTOTP, "123456"},
		{strings.Repeat(" ", 65) + "123456", hiregate.CodeInvalid, ""},
	}
	for _, tt := range tests {
		kind, got := hiregate.ParseCode(tt.in)
		if kind != tt.kind || got != tt.want {
			t.Errorf("ParseCode(%q) = %d, %q, want %d, %q", tt.in, kind, got, tt.kind, tt.want)
		}
	}
}

func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"123456", "abcd-efgh-ijkl-mnop", "", "\xff", "12 34 56", "ＡＢＣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, c := hiregate.ParseCode(s)
		switch kind {
		case hiregate.CodeTOTP:
			if len(c) != hiregate.OTPDigits {
				t.Fatalf("ParseCode(%q) = TOTP %q, want %d digits", s, c, hiregate.OTPDigits)
			}
		case hiregate.CodeRecovery:
			if len(c) != hiregate.RecoveryCodeLen || !utf8.ValidString(c) || strings.ToLower(c) != c {
				t.Fatalf("ParseCode(%q) = recovery %q, want %d lower-case characters", s, c, hiregate.RecoveryCodeLen)
			}
		case hiregate.CodeInvalid:
			if c != "" {
				t.Fatalf("ParseCode(%q) = invalid with %q, want empty", s, c)
			}
			return
		}
		// The canonical form is a fixed point, and so is its display form.
		if k2, c2 := hiregate.ParseCode(c); k2 != kind || c2 != c {
			t.Fatalf("ParseCode(%q) = %d, %q, want %d, %q", c, k2, c2, kind, c)
		}
		if k3, c3 := hiregate.ParseCode(hiregate.FormatRecoveryCode(c)); k3 != kind || c3 != c {
			t.Fatalf("ParseCode(FormatRecoveryCode(%q)) = %d, %q, want %d, %q", c, k3, c3, kind, c)
		}
	})
}

func TestRecoveryCodeFromBytes(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{bytes.Repeat([]byte{0}, hiregate.RecoveryCodeBytes), "aaaaaaaaaaaaaaaa"},
		{bytes.Repeat([]byte{0xff}, hiregate.RecoveryCodeBytes), "7777777777777777"},
		// RFC 4648 test vector "foobar" padded to 10 bytes with "foob": MZXW6YTBOJTG633C.
		{[]byte("foobarfoob"), "mzxw6ytbojtg633c"},
	}
	for _, tt := range tests {
		got, err := hiregate.RecoveryCodeFromBytes(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("RecoveryCodeFromBytes(%x) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
		if kind, c := hiregate.ParseCode(hiregate.FormatRecoveryCode(got)); kind != hiregate.CodeRecovery || c != got {
			t.Errorf("ParseCode(FormatRecoveryCode(%q)) = %d, %q, want recovery %q", got, kind, c, got)
		}
	}
	if _, err := hiregate.RecoveryCodeFromBytes(make([]byte, 3)); err == nil {
		t.Errorf("RecoveryCodeFromBytes(3 bytes) = nil error, want one")
	}
}

func TestFormatRecoveryCode(t *testing.T) {
	if got, want := hiregate.FormatRecoveryCode("abcdefghijklmnop"), "abcd-efgh-ijkl-mnop"; got != want {
		t.Errorf("FormatRecoveryCode = %q, want %q", got, want)
	}
}

func TestCodeRequestValidate(t *testing.T) {
	tests := []struct {
		code          string
		allowRecovery bool
		kind          hiregate.CodeKind
		field         string // expected message for "code", "" when valid
	}{
		{"123456", false, hiregate.CodeTOTP, ""},
		{"123 456", true, hiregate.CodeTOTP, ""},
		{"abcd-efgh-ijkl-mnop", true, hiregate.CodeRecovery, ""},
		{"abcd-efgh-ijkl-mnop", false, hiregate.CodeInvalid, "must be a 6-digit code"},
		{"", false, hiregate.CodeInvalid, "required"},
		{"  ", true, hiregate.CodeInvalid, "required"},
		{"12", true, hiregate.CodeInvalid, "must be a 6-digit code or a recovery code"},
	}
	for _, tt := range tests {
		r := hiregate.CodeRequest{Code: tt.code}
		kind, err := r.Validate(tt.allowRecovery)
		if kind != tt.kind {
			t.Errorf("Validate(%q, %v) kind = %d, want %d", tt.code, tt.allowRecovery, kind, tt.kind)
		}
		var got string
		if err != nil {
			if hiregate.ErrorCode(err) != hiregate.EINVALID {
				t.Errorf("Validate(%q) = %v, want EINVALID", tt.code, err)
			}
			var he *hiregate.Error
			if errors.As(err, &he) {
				got = he.Fields["code"]
			}
		}
		if got != tt.field {
			t.Errorf("Validate(%q, %v) code message = %q, want %q", tt.code, tt.allowRecovery, got, tt.field)
		}
	}
}

func TestMFAErrors(t *testing.T) {
	err := error(hiregate.MFARequired("Zq9-secret"))
	if tok, ok := hiregate.IsMFARequired(err); !ok || tok != "Zq9-secret" {
		t.Errorf("IsMFARequired(MFARequired(tok)) = %q, %v, want tok, true", tok, ok)
	}
	if strings.Contains(err.Error(), "Zq9-secret") {
		t.Errorf("MFARequired(tok).Error() = %q, must not show the token", err.Error())
	}
	if hiregate.IsMFAEnrollmentRequired(err) {
		t.Errorf("IsMFAEnrollmentRequired(MFARequired) = true, want false")
	}
	if !hiregate.IsMFAEnrollmentRequired(hiregate.ErrMFAEnrollmentRequired()) {
		t.Errorf("IsMFAEnrollmentRequired(ErrMFAEnrollmentRequired()) = false, want true")
	}
	if _, ok := hiregate.IsMFARequired(hiregate.ErrAccessDenied(hiregate.RoleAdmin)); ok {
		t.Errorf("IsMFARequired(ErrAccessDenied) = true, want false")
	}
}

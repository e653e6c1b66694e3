package totp_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"

	"github.com/hiregate/hiregate/server/totp"
)

// rfcSecret is RFC 6238 Appendix B's SHA-1 key "12345678901234567890" in
// base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

// TestCodeRFC6238 checks the codes against RFC 6238 Appendix B (its 8-digit
// values cut to the 6 digits hiregate uses, as RFC 4226 truncation does).
func TestCodeRFC6238(t *testing.T) {
	tests := []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	}
	for _, tt := range tests {
		got, err := totp.Code(rfcSecret, time.Unix(tt.unix, 0))
		if err != nil || got != tt.want {
			t.Errorf("Code(rfc, %d) = %q, %v, want %q", tt.unix, got, err, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 10, 0, time.UTC)
	cur := totp.Step(now)
	code := func(step int64) string {
		c, err := totp.Code(rfcSecret, time.Unix(step*30, 0))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		wantStep int64
		wantOK   bool
	}{
		{"Current", code(cur), cur, true},
		{"PreviousStep", code(cur - 1), cur - 1, true},
		{"NextStep", code(cur + 1), cur + 1, true},
		{"TwoStepsOld", code(cur - 2), 0, false},
		{"TwoStepsAhead", code(cur + 2), 0, false},
		{"Wrong", "000000", 0, false},
		{"TooShort", "12345", 0, false},
		{"TooLong", "1234567", 0, false},
		{"Empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, ok, err := totp.Match(rfcSecret, tt.code, now)
			if err != nil || ok != tt.wantOK || (ok && step != tt.wantStep) {
				t.Errorf("Match(%q) = %d, %v, %v, want %d, %v", tt.code, step, ok, err, tt.wantStep, tt.wantOK)
			}
		})
	}
}

func TestMatchBadSecret(t *testing.T) {
	if _, _, err := totp.Match("not base32!", "123456", time.Unix(1e9, 0)); err == nil {
		t.Errorf("Match(bad secret) error = nil, want one")
	}
}

func TestStep(t *testing.T) {
	tests := []struct {
		unix int64
		want int64
	}{{0, 0}, {29, 0}, {30, 1}, {59, 1}, {1111111111, 37037037}}
	for _, tt := range tests {
		if got := totp.Step(time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("Step(%d) = %d, want %d", tt.unix, got, tt.want)
		}
	}
}

func TestGenerate(t *testing.T) {
	k, err := totp.Generate("ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Secret) != 32 || strings.Trim(k.Secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		t.Errorf("Generate().Secret = %q, want 32 base32 characters (160 bits)", k.Secret)
	}
	u, err := url.Parse(k.URL)
	if err != nil {
		t.Fatalf("Generate().URL = %q: %v", k.URL, err)
	}
	q := u.Query()
	// SHA1, 6 digits and 30 s are the format's defaults and left out, for
	// a smaller QR code.
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/hiregate:ana@example.com" ||
		q.Get("secret") != k.Secret || q.Get("issuer") != "hiregate" || len(q) != 2 {
		t.Errorf("Generate().URL = %q, want otpauth://totp/hiregate:ana@example.com with only the secret and issuer hiregate", k.URL)
	}
	// The library reads the URL back as the same key with its defaults.
	back, err := otp.NewKeyFromURL(k.URL)
	if err != nil || back.Secret() != k.Secret || back.Digits() != otp.DigitsSix || back.Period() != 30 ||
		back.Algorithm() != otp.AlgorithmSHA1 || back.AccountName() != "ana@example.com" || back.Issuer() != "hiregate" {
		t.Errorf("NewKeyFromURL(%q) = %v, %v, want the same key, SHA1, 6 digits, 30 s", k.URL, back, err)
	}
	// The secret works with the code functions.
	now := time.Unix(1_800_000_000, 0)
	c, err := totp.Code(k.Secret, now)
	if err != nil {
		t.Fatal(err)
	}
	if step, ok, err := totp.Match(k.Secret, c, now); !ok || err != nil || step != totp.Step(now) {
		t.Errorf("Match(own code) = %d, %v, %v, want %d, true", step, ok, err, totp.Step(now))
	}
	k2, err := totp.Generate("ana@example.com")
	if err != nil || k2.Secret == k.Secret {
		t.Errorf("two Generate() calls gave the same secret")
	}
	if _, err := totp.Generate(""); err == nil {
		t.Errorf("Generate(\"\") error = nil, want one")
	}
}

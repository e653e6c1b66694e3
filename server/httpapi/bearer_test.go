package httpapi_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/httpapi"
)

func TestBearerToken(t *testing.T) {
	tests := []struct {
		header, token string
		sent          bool
	}{
		{"Bearer abc.DEF-_~+/9==", "abc.DEF-_~+/9==", true},
		{"bEaReR  abc", "abc", true},
		{"Bearer Bearer abc", "", true},
		{"Bearer abc def", "", true},
		{"Bearer a=b", "", true},
		{"Bearer ==", "", true},
		{"Bearer abc,", "", true},
		{"Bearer", "", false},
		{"Bearer\tabc", "", false},
		{"Bearerabc", "", false},
		{"Basic YTpi", "", false},
		{"abc", "", false},
		{"", "", false},
		{"Bearer " + strings.Repeat("a", 9000), "", false},
	}
	for _, tt := range tests {
		token, sent := httpapi.BearerToken(tt.header)
		if token != tt.token || sent != tt.sent {
			t.Errorf("BearerToken(%.40q) = %q, %v, want %q, %v", tt.header, token, sent, tt.token, tt.sent)
		}
	}
}

// FuzzBearerToken: whatever the header, a token handed on is exactly what
// follows "Bearer" and its spaces, and holds no space or scheme of its own.
func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"Bearer abc", "Bearer Bearer abc", "bearer  a.b.c", "Basic x", "Bearer a b", "Bearer ="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		token, sent := httpapi.BearerToken(header)
		if token == "" {
			return
		}
		if !sent {
			t.Fatalf("BearerToken(%q) = %q, false, want sent with a token", header, token)
		}
		if strings.ContainsAny(token, " \t,\"") || !strings.EqualFold(header[:7], "bearer ") || strings.TrimLeft(header[7:], " ") != token {
			t.Fatalf("BearerToken(%q) = %q, want the single token68 after the scheme", header, token)
		}
	})
}

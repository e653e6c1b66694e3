package apidoc_test

import (
	"testing"

	"github.com/hiregate/hiregate/server/apidoc"
)

func TestGinPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/jobs", "/jobs"},
		{"/jobs/{id}", "/jobs/:id"},
		{"/jobs/{id}/applications", "/jobs/:id/applications"},
		{"/users/me/sessions/{id}", "/users/me/sessions/:id"},
		{"/.well-known/jwks.json", "/.well-known/jwks.json"},
	}
	for _, tt := range tests {
		if got := apidoc.GinPath(tt.in); got != tt.want {
			t.Errorf("GinPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

package main

import (
	"bytes"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHTTPClient(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(t.TempDir(), "junk.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		base, ca string
		insecure bool
		wantErr  string
	}{
		{"Loopback", "http://127.0.0.1:8080", "", false, ""},
		{"Localhost", "http://localhost:8080", "", false, ""},
		{"IPv6Loopback", "http://[::1]:8080", "", false, ""},
		{"ErrPlainRemote", "http://hire.example.com", "", false, "refusing to send passwords unencrypted"},
		{"PlainRemoteInsecure", "http://hire.example.com", "", true, ""},
		{"HTTPS", "https://hire.example.com", "", false, ""},
		{"ErrScheme", "ftp://hire.example.com", "", false, "must look like https://host:port"},
		{"ErrCAMissing", "https://hire.example.com", "/nonexistent/ca.pem", false, "read --ca file"},
		{"ErrCANotPEM", "https://hire.example.com", notPEM, false, "no PEM certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := HTTPClient(tt.base, tt.ca, tt.insecure)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("HTTPClient(%q) = %v, want no error", tt.base, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("HTTPClient(%q) = %v, want an error with %q", tt.base, err, tt.wantErr)
			}
		})
	}

	t.Run("PrivateCA", func(t *testing.T) {
		hc, err := HTTPClient(srv.URL, ca, false)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := hc.Get(srv.URL)
		if err != nil {
			t.Fatalf("GET with --ca: %v", err)
		}
		resp.Body.Close()
		hc, err = HTTPClient(srv.URL, "", false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := hc.Get(srv.URL); err == nil {
			t.Fatal("GET without --ca trusted a private certificate")
		}
	})
}

func TestRunRefusesPlainRemote(t *testing.T) {
	var stderr bytes.Buffer
	env := map[string]string{"HIREGATE_SERVER": "http://hire.example.com"}
	if code := run(nil, func(k string) string { return env[k] }, io.Discard, &stderr); code != 2 {
		t.Fatalf("run = %d, want 2", code)
	}
	if !strings.Contains(stderr.String(), "--insecure") {
		t.Fatalf("stderr = %q, want it to mention --insecure", stderr.String())
	}
}

package apidoc_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/hiregate/hiregate/server/apidoc"
	"github.com/hiregate/hiregate/server/apidoc/apitest"
)

// newEngine serves the documentation's own routes, as Build hands them out
// for an API without routes of its own, and returns their document.
func newEngine(t *testing.T) (*gin.Engine, []byte) {
	t.Helper()
	gin.SetMode(gin.TestMode)
	r := gin.New()
	ops, spec := apidoc.Build(nil)
	for _, op := range ops {
		r.Handle(op.Method, apidoc.GinPath(op.Path), op.Handler)
	}
	return r, spec
}

func get(t *testing.T, h http.Handler, path string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestRegisterServes(t *testing.T) {
	r, spec := newEngine(t)
	tests := []struct {
		path, contentType, cache, contains string
	}{
		{"/docs", "text/html; charset=utf-8", "no-cache", `<div id="swagger-ui">`},
		{"/openapi.json", "application/json; charset=utf-8", "no-cache", `"openapi": "3.0.3"`},
		{"/docs/swagger-ui-bundle.js", "text/javascript; charset=utf-8", "public, max-age=86400", "SwaggerUIBundle"},
		{"/docs/swagger-init.js", "text/javascript; charset=utf-8", "no-cache", "persistAuthorization: false"},
		{"/docs/swagger-ui.css", "text/css; charset=utf-8", "public, max-age=86400", ".swagger-ui"},
		{"/docs/favicon-32x32.png", "image/png", "public, max-age=86400", "PNG"},
		{"/docs/LICENSE", "text/plain; charset=utf-8", "public, max-age=86400", "Apache License"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := get(t, r, tt.path, nil)
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200", tt.path, w.Code)
			}
			h := w.Header()
			for k, want := range map[string]string{
				"Content-Type":            tt.contentType,
				"Cache-Control":           tt.cache,
				"X-Content-Type-Options":  "nosniff",
				"Content-Security-Policy": apidoc.CSP,
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if h.Get("ETag") == "" {
				t.Error("no ETag")
			}
			if !strings.Contains(w.Body.String(), tt.contains) {
				t.Errorf("body does not contain %q", tt.contains)
			}
		})
	}
	if got := get(t, r, "/openapi.json", nil).Body.Bytes(); !bytes.Equal(got, spec) {
		t.Error("GET /openapi.json is not the document Build returned")
	}
}

func TestCSPIsStrict(t *testing.T) {
	for _, want := range []string{"default-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "script-src 'self';"} {
		if !strings.Contains(apidoc.CSP, want) {
			t.Errorf("CSP %q lacks %q", apidoc.CSP, want)
		}
	}
	if strings.Contains(apidoc.CSP, "unsafe-eval") || strings.Contains(apidoc.CSP, "http") {
		t.Errorf("CSP %q allows eval or another origin", apidoc.CSP)
	}
}

// The page must work offline and under the CSP: every script and style is
// a file of ours, served by Register, and no script is inline.
func TestDocsPageIsSelfContained(t *testing.T) {
	r, _ := newEngine(t)
	page := get(t, r, "/docs", nil).Body.String()
	if regexp.MustCompile(`<script(\s[^>]*)?>\s*[^<\s]`).MatchString(page) {
		t.Error("index.html has an inline script")
	}
	if strings.Contains(page, "//") {
		t.Error("index.html references another origin")
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 3 {
		t.Fatalf("index.html references %d files, want the bundle, the init script and the css", len(refs))
	}
	for _, m := range refs {
		if w := get(t, r, m[1], nil); w.Code != http.StatusOK {
			t.Errorf("index.html references %s, which answers %d", m[1], w.Code)
		}
	}
	init := get(t, r, "/docs/swagger-init.js", nil).Body.String()
	for _, want := range []string{`url: "/openapi.json"`, "persistAuthorization: false", "validatorUrl: null"} {
		if !strings.Contains(init, want) {
			t.Errorf("swagger-init.js lacks %s", want)
		}
	}
}

func TestDocsAssetNotFound(t *testing.T) {
	r, _ := newEngine(t)
	// An escaped slash never reaches the handler: gin's router (whose
	// NoRoute the server sets) answers it.
	if w := get(t, r, "/docs/..%2Fspec.go", nil); w.Code != http.StatusNotFound {
		t.Errorf("GET /docs/..%%2Fspec.go = %d, want 404", w.Code)
	}
	for _, p := range []string{"/docs/nope.js", "/docs/index.html", "/docs/swagger-ui-bundle.js.map", "/docs/..", "/docs/spec.go"} {
		w := get(t, r, p, nil)
		if w.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, w.Code)
			continue
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || !strings.Contains(w.Body.String(), `"detail"`) {
			t.Errorf("GET %s = %q %s, want a JSON error body", p, ct, w.Body)
		}
	}
}

func TestDocsConditionalAndGzip(t *testing.T) {
	r, _ := newEngine(t)
	const p = "/docs/swagger-ui-bundle.js"
	plain := get(t, r, p, nil)

	gz := get(t, r, p, map[string]string{"Accept-Encoding": "gzip, deflate"})
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", gz.Header().Get("Content-Encoding"))
	}
	if gz.Body.Len() >= plain.Body.Len()/2 {
		t.Errorf("gzip body %d bytes, plain %d: want at least halved", gz.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Errorf("gunzipped body differs from the plain one (err %v)", err)
	}
	if gz.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Error("gzip and plain bodies share an ETag")
	}
	if got := get(t, r, p, map[string]string{"Accept-Encoding": "gzip;q=0"}).Header().Get("Content-Encoding"); got != "" {
		t.Errorf("Accept-Encoding gzip;q=0 got Content-Encoding %q", got)
	}

	w := get(t, r, p, map[string]string{"If-None-Match": plain.Header().Get("ETag")})
	if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match = %d with %d bytes, want 304 and none", w.Code, w.Body.Len())
	}
	if w := get(t, r, p, map[string]string{"If-None-Match": `"other"`}); w.Code != http.StatusOK {
		t.Errorf("stale If-None-Match = %d, want 200", w.Code)
	}
}

// The docs routes keep to their own documentation.
func TestRegisterMatchesDocument(t *testing.T) {
	r, spec := newEngine(t)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	v, err := apitest.NewValidator(spec)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: v.Transport(nil, func(err error) { t.Error(err) })}
	for _, p := range []string{"/docs", "/openapi.json", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/favicon-16x16.png", "/docs/LICENSE", "/docs/nope.js"} {
		resp, err := client.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

package apidoc

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Swagger UI is swagger-ui-dist 5.35.0 from npm (Apache-2.0, see
// swaggerui/LICENSE and NOTICE), trimmed to the files the page loads.
// index.html and swagger-init.js are ours.
//
//go:embed swaggerui/*.html swaggerui/*.js swaggerui/*.css swaggerui/*.png swaggerui/*.txt swaggerui/LICENSE swaggerui/NOTICE
var uiFS embed.FS

// CSP is the Content-Security-Policy of the docs page, its assets and the
// document: nothing but this origin, no inline scripts.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Cache lifetimes: the page and the document may change with every deploy,
// the assets only with a Swagger UI upgrade (and carry an ETag besides).
const (
	cacheRevalidate = "no-cache"
	cacheAsset      = "public, max-age=86400"
)

type asset struct {
	name        string
	contentType string
	cache       string
	body        []byte
	etag        string
	gzipOnce    sync.Once
	gz          []byte
}

// gzipped compresses on first use, so a server that never serves the docs
// never pays for it.
func (a *asset) gzipped() []byte {
	a.gzipOnce.Do(func() {
		if len(a.body) < 1024 {
			return
		}
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = w.Write(a.body)
		if w.Close() == nil && buf.Len() < len(a.body) {
			a.gz = buf.Bytes()
		}
	})
	return a.gz
}

func newAsset(name, contentType, cache string, body []byte) *asset {
	sum := sha256.Sum256(body)
	return &asset{
		name: name, contentType: contentType, cache: cache, body: body,
		etag: `"` + hex.EncodeToString(sum[:12]) + `"`,
	}
}

var (
	indexPage *asset
	assets    = map[string]*asset{}
)

func init() {
	entries, err := fs.ReadDir(uiFS, "swaggerui")
	if err != nil {
		panic("apidoc: read embedded swagger ui: " + err.Error())
	}
	for _, e := range entries {
		b, err := fs.ReadFile(uiFS, "swaggerui/"+e.Name())
		if err != nil {
			panic("apidoc: read embedded swagger ui: " + err.Error())
		}
		if e.Name() == "index.html" {
			indexPage = newAsset(e.Name(), "text/html; charset=utf-8", cacheRevalidate, b)
			continue
		}
		cache := cacheAsset
		if e.Name() == "swagger-init.js" {
			cache = cacheRevalidate
		}
		assets[e.Name()] = newAsset(e.Name(), contentTypeOf(e.Name()), cache, b)
	}
	if indexPage == nil {
		panic("apidoc: swaggerui/index.html is not embedded")
	}
}

func contentTypeOf(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".png":
		return "image/png"
	case ".html":
		return "text/html; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}

// docs serves the document and Swagger UI. None of its routes needs a
// token.
type docs struct {
	spec *asset // set by Build before any request
}

func (d *docs) operations() []Operation {
	return []Operation{
		{
			Method: http.MethodGet, Path: "/openapi.json", ID: "openapi", Tag: "operations",
			Summary: "This document",
			OKCode:  http.StatusOK,
			OK:      obj{"description": "The OpenAPI document.", "content": obj{"application/json": obj{"schema": obj{"type": "object"}}}},
			Handler: func(c *gin.Context) { serve(c, d.spec) },
		},
		{
			Method: http.MethodGet, Path: "/docs", ID: "docs", Tag: "operations",
			Summary: "Swagger UI",
			OKCode:  http.StatusOK,
			OK:      obj{"description": "The Swagger UI page.", "content": obj{"text/html": obj{}}},
			Handler: func(c *gin.Context) { serve(c, indexPage) },
		},
		{
			Method: http.MethodGet, Path: "/docs/{asset}", ID: "docsAsset", Tag: "operations",
			Summary: "Swagger UI's scripts, styles and icons",
			Params:  []obj{{"name": "asset", "in": "path", "required": true, "schema": obj{"type": "string"}}},
			OKCode:  http.StatusOK,
			OK: obj{"description": "The file.", "content": obj{
				"text/javascript": obj{}, "text/css": obj{}, "text/plain": obj{}, "image/png": obj{},
			}},
			Errs:    []int{http.StatusNotModified, http.StatusNotFound},
			Handler: serveAsset,
		},
	}
}

func serveAsset(c *gin.Context) {
	a, ok := assets[c.Param("asset")]
	if !ok {
		c.Header("X-Content-Type-Options", "nosniff")
		c.JSON(http.StatusNotFound, hiregate.ErrorBody{Detail: "Not found"})
		return
	}
	serve(c, a)
}

func serve(c *gin.Context, a *asset) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", a.cache)
	h.Set("Content-Type", a.contentType)
	h.Add("Vary", "Accept-Encoding")
	body, etag := a.body, a.etag
	if acceptsGzip(c.Request) {
		if gz := a.gzipped(); gz != nil {
			body, etag = gz, strings.TrimSuffix(a.etag, `"`)+`-gzip"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	// ServeContent answers If-None-Match with 304 and honours Range.
	http.ServeContent(c.Writer, c.Request, a.name, time.Time{}, bytes.NewReader(body))
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(strings.TrimSpace(params), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

package httpapi

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// checkText holds the path and the query string of every request to
// hiregate.ValidText, before any handler or store sees them: a path that
// is not text names nothing (404), a query value that is not is a 422
// naming the parameter. Bodies are held to it where they are decoded
// (DecodeJSON, the token form, the multipart apply form); the one header
// that reaches the store, User-Agent, is cleaned (clientInfo).
func (h *handler) checkText(c *gin.Context) {
	if !hiregate.ValidText(c.Request.URL.Path) {
		h.fail(c, hiregate.Errorf(hiregate.ENOTFOUND, "Not found"))
		return
	}
	if err := checkQuery(c.Request.URL.RawQuery); err != nil {
		h.fail(c, err)
		return
	}
	c.Next()
}

// checkQuery checks a raw query string. One without escapes or bytes
// beyond ASCII is text as it stands, so the common case decodes nothing.
func checkQuery(raw string) error {
	if plainASCII(raw) {
		return nil
	}
	// A pair that does not decode is dropped by every reader of the query
	// (gin's c.Query too), so it reaches nothing and is not looked at.
	values, _ := url.ParseQuery(raw)
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if !hiregate.ValidText(k) {
			return hiregate.Errorf(hiregate.EBADREQUEST, "Query parameter names %s", hiregate.TextProblem)
		}
		for _, v := range values[k] {
			if !hiregate.ValidText(v) {
				return hiregate.ValidationError(map[string]string{k: hiregate.TextProblem})
			}
		}
	}
	return nil
}

func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b == '%' || b == 0 || b >= 0x80 {
			return false
		}
	}
	return true
}

// nulEscape is how a NUL appears in a valid JSON text: raw control
// characters are not allowed inside strings.
var nulEscape = []byte(`\u0000`)

// checkJSONText returns a 422 naming the member whose key or string value
// holds a NUL, for a body that is valid UTF-8 and valid JSON (so a NUL can
// only be escaped). Bodies without the escape are not parsed again.
func checkJSONText(body []byte) error {
	if !bytes.Contains(body, nulEscape) {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil // not well formed: the decoder says so
	}
	return jsonText(v, "body")
}

// jsonText checks every key and string in v; field is the member v is the
// value of, the one a 422 names.
func jsonText(v any, field string) error {
	switch v := v.(type) {
	case string:
		if !hiregate.ValidText(v) {
			return hiregate.ValidationError(map[string]string{field: hiregate.TextProblem})
		}
	case []any:
		for _, e := range v {
			if err := jsonText(e, field); err != nil {
				return err
			}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if !hiregate.ValidText(k) {
				return hiregate.Errorf(hiregate.EINVALID, "Field names %s", hiregate.TextProblem)
			}
			if err := jsonText(v[k], k); err != nil {
				return err
			}
		}
	}
	return nil
}

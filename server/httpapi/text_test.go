package httpapi_test

import (
	"testing"

	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// FuzzDecodeText: whatever the body, a string the decoder lets through is
// text every engine stores (hiregate.ValidText), and a refusal is a 4xx.
func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{`{"a":"x"}`, `{"a":"\u0000"}`, `{"a":["ok","\u0000"]}`, `{"\u0000":1}`, `{"a":"\\u0000"}`,
		`{"a":{"b":"\u0000"}}`, "{\"a\":\"\xff\"}", `"\u0000"`, `{"a":"\ud800"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v struct {
			A any            `json:"a"`
			B map[string]any `json:"b"`
		}
		err := httpapi.DecodeJSON(body, &v)
		if err != nil {
			if code := hiregate.ErrorCode(err); code != hiregate.EBADREQUEST && code != hiregate.EINVALID {
				t.Fatalf("DecodeJSON(%q) = %v (%s), want a 400 or 422", body, err, code)
			}
			return
		}
		if s, ok := firstBadText(v.A); ok {
			t.Fatalf("DecodeJSON(%q) let %q through", body, s)
		}
		if s, ok := firstBadText(v.B); ok {
			t.Fatalf("DecodeJSON(%q) let %q through", body, s)
		}
	})
}

func firstBadText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, !hiregate.ValidText(v)
	case []any:
		for _, e := range v {
			if s, bad := firstBadText(e); bad {
				return s, true
			}
		}
	case map[string]any:
		for k, e := range v {
			if !hiregate.ValidText(k) {
				return k, true
			}
			if s, bad := firstBadText(e); bad {
				return s, true
			}
		}
	}
	return "", false
}

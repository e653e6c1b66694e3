package httpapi_test

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name, body, code string
	}{
		{"OK", `{"title":"Go","salary_min":1}`, ""},
		{"ErrUnknownField", `{"title":"Go","status":"closed"}`, hiregate.EINVALID},
		{"ErrSyntax", `{"title":`, hiregate.EBADREQUEST},
		{"ErrType", `{"title":5}`, hiregate.EBADREQUEST},
		{"ErrArray", `[]`, hiregate.EBADREQUEST},
		{"ErrTwoObjects", `{}{}`, hiregate.EBADREQUEST},
		{"ErrEmpty", ``, hiregate.EBADREQUEST},
		{"ErrInvalidUTF8", "{\"title\":\"\xff\"}", hiregate.EBADREQUEST},
		{"ErrOverflow", `{"salary_min":1e99}`, hiregate.EBADREQUEST},
		// Well-formedness is decided before fields are: a body that is not
		// one JSON value is a 400 even when its first value has an unknown
		// field.
		{"ErrTrailingGarbage", `{"a":1} trailing`, hiregate.EBADREQUEST},
		{"ErrUnknownFieldThenObject", `{"a":1}{}`, hiregate.EBADREQUEST},
		{"ErrUnknownFieldTruncated", `{"a":1,"title":`, hiregate.EBADREQUEST},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req hiregate.CreateJobRequest
			err := httpapi.DecodeJSON([]byte(tt.body), &req)
			if got := hiregate.ErrorCode(err); got != tt.code {
				t.Errorf("DecodeJSON(%q) = %q (%v), want %q", tt.body, got, err, tt.code)
			}
		})
	}
}

// FuzzDecodeJob feeds arbitrary bytes to the request decoder and the job
// validation behind POST /jobs: every input is either accepted or a client
// error, never a panic or an internal error.
func FuzzDecodeJob(f *testing.F) {
	for _, s := range []string{`{"title":"Go","description":"x","location":"Remote","employment_type":"contract","salary_min":1,"salary_max":2}`,
		`{"title":`, `{"status":"closed"}`, `[]`, `null`, `{"title":"\u0000"}`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req hiregate.CreateJobRequest
		err := httpapi.DecodeJSON(body, &req)
		if err == nil {
			req.Normalize()
			err = req.Validate()
		}
		if code := hiregate.ErrorCode(err); code == hiregate.EINTERNAL {
			t.Fatalf("DecodeJSON(%q) = internal error %v", body, err)
		}
	})
}

// FuzzDecodeWellFormed holds the decoder to the contract's order: a body
// that is not exactly one JSON value is a 400, never a 422 about its fields,
// and only a well-formed one may be accepted.
func FuzzDecodeWellFormed(f *testing.F) {
	for _, s := range []string{`{"a":1} trailing`, `{"a":1}{}`, `{"title":"Go"}`, `{"title":"Go"} `, `{"a":`, ` {} `, `{"status":"x"}x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req hiregate.CreateJobRequest
		err := httpapi.DecodeJSON(body, &req)
		if json.Valid(body) && utf8.Valid(body) {
			return
		}
		if code := hiregate.ErrorCode(err); code != hiregate.EBADREQUEST {
			t.Fatalf("DecodeJSON(%q) = %q (%v), want %q for a malformed body", body, code, err, hiregate.EBADREQUEST)
		}
	})
}

func FuzzDecodeRegister(f *testing.F) {
	for _, s := range []string{`{"email":"a@b.co","password":"12345678","full_name":"A"}`, `{"role":"admin"}`, `{"email":null}`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req hiregate.RegisterRequest
		err := httpapi.DecodeJSON(body, &req)
		if err == nil {
			req.Normalize()
			err = req.Validate()
		}
		if code := hiregate.ErrorCode(err); code == hiregate.EINTERNAL {
			t.Fatalf("DecodeJSON(%q) = internal error %v", body, err)
		}
	})
}

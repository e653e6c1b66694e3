package httpapi_test

import (
	"testing"

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

// Package hiregatetest holds test helpers for code that speaks the domain's
// errors.
package hiregatetest

import (
	"errors"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// CheckError fails tb unless err is the *hiregate.Error a contract names.
// code "" wants no error. For EINVALID, detail is a field the error must
// name; for any other code, its message. An empty detail accepts any.
func CheckError(tb testing.TB, err error, code, detail string) {
	tb.Helper()
	if code == "" {
		if err != nil {
			tb.Fatalf("error = %v, want none", err)
		}
		return
	}
	var he *hiregate.Error
	if !errors.As(err, &he) {
		tb.Fatalf("error = %v, want code %s", err, code)
	}
	switch {
	case he.Code != code:
		tb.Fatalf("error = %s %q, want code %s", he.Code, he.Message, code)
	case code == hiregate.EINVALID && detail != "" && he.Fields[detail] == "":
		tb.Fatalf("error fields = %v, want one for %q", he.Fields, detail)
	case code != hiregate.EINVALID && detail != "" && he.Message != detail:
		tb.Fatalf("error message = %q, want %q", he.Message, detail)
	}
}

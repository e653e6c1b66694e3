package auth_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// FuzzParseToken feeds arbitrary strings to the verify path: it must never
// panic, and the only string it may accept is the one token the service
// really issued (strict base64 gives each token a single spelling).
func FuzzParseToken(f *testing.F) {
	e := newEnv(f)
	valid, err := e.svc.IssueAccessToken("u1", hiregate.RoleCandidate, "s1")
	if err != nil {
		f.Fatal(err)
	}
	parts := strings.Split(valid, ".")
	f.Add(valid)
	for _, n := range []int{0, 1, 10, len(parts[0]), len(parts[0]) + 1, len(valid) / 2, len(valid) - 1} {
		f.Add(valid[:n])
	}
	f.Add(parts[0] + "." + parts[1] + ".")
	f.Add(parts[0] + ".." + parts[2])
	f.Add("." + parts[1] + "." + parts[2])
	f.Add(valid + ".")
	f.Add(valid + "A")
	f.Add(strings.ToUpper(valid))
	f.Add("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.")
	f.Add("eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6IngifQ.e30.AAAA")
	f.Add("a.b.c")
	f.Add("....")
	f.Add("\x00\xff\xfe")
	f.Add(strings.Repeat("A", 5000))

	f.Fuzz(func(t *testing.T, s string) {
		err := e.svc.VerifyAccessToken(s)
		if err == nil && s != valid {
			t.Fatalf("VerifyAccessToken(%q) accepted a string that is not the issued token", s)
		}
		if err != nil && hiregate.ErrorCode(err) != hiregate.EUNAUTHORIZED {
			t.Fatalf("VerifyAccessToken(%q) error = %v, want EUNAUTHORIZED", s, err)
		}
	})
}

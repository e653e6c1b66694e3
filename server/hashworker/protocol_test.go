package hashworker_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/server/hashworker"
)

// minCost is bcrypt.MinCost as the protocol carries it.
const minCost = byte(bcrypt.MinCost)

// TestServeRoundTrip sends Serve each kind of request through the framing
// the pool uses and reads the answers back in order.
func TestServeRoundTrip(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte("correct horse"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		req        hashworker.Request
		wantStatus byte
		check      func(body []byte) bool
	}{
		{"generate", hashworker.NewRequest(hashworker.OpGenerate, minCost, []byte("correct horse"), nil), hashworker.StatusOK,
			func(b []byte) bool { return bcrypt.CompareHashAndPassword(b, []byte("correct horse")) == nil }},
		{"generate empty password", hashworker.NewRequest(hashworker.OpGenerate, minCost, nil, nil), hashworker.StatusOK,
			func(b []byte) bool { return bcrypt.CompareHashAndPassword(b, nil) == nil }},
		{"generate bad cost", hashworker.NewRequest(hashworker.OpGenerate, 40, []byte("x"), nil), hashworker.StatusError,
			func(b []byte) bool { return bytes.Contains(b, []byte("cost")) }},
		{"generate 73 bytes", hashworker.NewRequest(hashworker.OpGenerate, minCost, bytes.Repeat([]byte("p"), 73), nil), hashworker.StatusError,
			func(b []byte) bool { return !bytes.Contains(b, []byte("ppp")) }},
		{"compare match", hashworker.NewRequest(hashworker.OpCompare, 0, []byte("correct horse"), hash), hashworker.StatusOK,
			func(b []byte) bool { return len(b) == 0 }},
		{"compare mismatch", hashworker.NewRequest(hashworker.OpCompare, 0, []byte("wrong horse"), hash), hashworker.StatusMismatch,
			func(b []byte) bool { return len(b) == 0 }},
		{"compare bad hash", hashworker.NewRequest(hashworker.OpCompare, 0, []byte("correct horse"), []byte("$2a$")), hashworker.StatusError,
			func(b []byte) bool { return len(b) > 0 && !bytes.Contains(b, []byte("horse")) }},
	}
	var in bytes.Buffer
	for _, tt := range tests {
		body, err := tt.req.Encode()
		if err != nil {
			t.Fatalf("%s: Encode() = %v", tt.name, err)
		}
		if err := hashworker.WriteFrame(&in, body); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := hashworker.Serve(&in, &out); err != nil {
		t.Fatalf("Serve() = %v, want nil at the end of its input", err)
	}
	for _, tt := range tests {
		b, err := hashworker.ReadFrame(&out)
		if err != nil {
			t.Fatalf("%s: ReadFrame() = %v", tt.name, err)
		}
		r, err := hashworker.DecodeResponse(b)
		if err != nil {
			t.Fatalf("%s: DecodeResponse(%q) = %v", tt.name, b, err)
		}
		status, body := r.Fields()
		if status != tt.wantStatus || !tt.check(body) {
			t.Errorf("%s: response = %d %q, want status %d", tt.name, status, body, tt.wantStatus)
		}
	}
	if _, err := hashworker.ReadFrame(&out); !errors.Is(err, io.EOF) {
		t.Errorf("ReadFrame() after the last answer = %v, want io.EOF", err)
	}
}

// TestServeRefusesMalformed: a request the pool cannot have sent ends the
// worker with an error rather than a guess at what was meant.
func TestServeRefusesMalformed(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"oversized frame", []byte{0xff, 0xff}},
		{"short body", []byte{0, 2, 1, 4}},
		{"unknown op", []byte{0, 3, 9, 4, 0}},
		{"password past the end", []byte{0, 4, 2, 4, 5, 'x'}},
		{"generate with a hash", []byte{0, 5, 1, 4, 1, 'x', 'h'}},
		{"truncated frame", []byte{0, 10, 1, 4}},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if err := hashworker.Serve(bytes.NewReader(tt.in), &out); err == nil {
			t.Errorf("%s: Serve(% x) = nil, want an error", tt.name, tt.in)
		}
		if out.Len() != 0 {
			t.Errorf("%s: Serve(% x) answered % x, want nothing", tt.name, tt.in, out.Bytes())
		}
	}
}

// FuzzRequest: whatever bytes arrive, decoding never panics, and what
// decodes encodes back to the same bytes.
func FuzzRequest(f *testing.F) {
	for _, q := range []hashworker.Request{
		hashworker.NewRequest(hashworker.OpGenerate, 12, []byte("pw"), nil),
		hashworker.NewRequest(hashworker.OpCompare, 0, []byte("pw"), []byte("$2a$12$abcdefghijklmnopqrstuvwxyz")),
	} {
		b, _ := q.Encode()
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{2, 0, 255})
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := hashworker.DecodeRequest(b)
		if err != nil {
			return
		}
		again, err := q.Encode()
		if err != nil {
			t.Fatalf("Encode(DecodeRequest(% x)) = %v", b, err)
		}
		if !bytes.Equal(again, b) {
			t.Errorf("Encode(DecodeRequest(% x)) = % x, want the same bytes", b, again)
		}
		var frame bytes.Buffer
		if err := hashworker.WriteFrame(&frame, b); err != nil {
			t.Fatalf("WriteFrame(% x) = %v", b, err)
		}
		if got, err := hashworker.ReadFrame(&frame); err != nil || !bytes.Equal(got, b) {
			t.Errorf("ReadFrame(WriteFrame(% x)) = % x, %v", b, got, err)
		}
	})
}

// FuzzFrame: a stream of any bytes is read frame by frame without panic
// and every response that decodes encodes back to its bytes.
func FuzzFrame(f *testing.F) {
	f.Add([]byte{0, 1, 0})
	f.Add([]byte{0, 3, 1, 'n', 'o'})
	f.Add([]byte{0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := bytes.NewReader(b)
		for {
			body, err := hashworker.ReadFrame(r)
			if err != nil {
				return
			}
			if len(body) > hashworker.MaxFrame {
				t.Fatalf("ReadFrame() = %d bytes, at most %d", len(body), hashworker.MaxFrame)
			}
			p, err := hashworker.DecodeResponse(body)
			if err != nil {
				continue
			}
			if got := p.Encode(); !bytes.Equal(got, body) {
				t.Errorf("Encode(DecodeResponse(% x)) = % x", body, got)
			}
		}
	})
}

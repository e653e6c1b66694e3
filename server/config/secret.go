package config

import (
	"fmt"
	"log/slog"
)

// Secret holds key material. Every way of printing it (fmt verbs, slog,
// JSON) shows "[redacted]" or "[unset]", so a Config can be logged or
// dumped in a panic without leaking it.
type Secret struct {
	b []byte
}

// NewSecret wraps b.
func NewSecret(b []byte) Secret { return Secret{b: b} }

// Reveal returns the secret's bytes; only the signing code should call it.
func (s Secret) Reveal() []byte { return s.b }

// IsSet reports whether the secret is not empty.
func (s Secret) IsSet() bool { return len(s.b) > 0 }

func (s Secret) String() string {
	if s.IsSet() {
		return "[redacted]"
	}
	return "[unset]"
}

// GoString keeps %#v from showing the bytes.
func (s Secret) GoString() string { return s.String() }

// Format applies to every verb, including %x and %q.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON never emits the bytes.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalText never emits the bytes.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// DatabaseURL is a PostgreSQL connection URL. Every way of printing it
// (fmt verbs, slog, JSON) hides its password, so a Config can be logged.
type DatabaseURL struct {
	s string
}

// NewDatabaseURL wraps s, which must already be valid (see parseDatabaseURL).
func NewDatabaseURL(s string) DatabaseURL { return DatabaseURL{s: s} }

// Reveal returns the URL with its password, for the driver only.
func (u DatabaseURL) Reveal() string { return u.s }

// IsSet reports whether a URL is configured (PostgreSQL rather than SQLite).
func (u DatabaseURL) IsSet() bool { return u.s != "" }

// HasPassword reports whether the URL itself carries a password.
func (u DatabaseURL) HasPassword() bool {
	p, err := url.Parse(u.s)
	if err != nil {
		return false
	}
	_, inUser := p.User.Password()
	return inUser || p.Query().Has("password")
}

func (u DatabaseURL) String() string {
	if u.s == "" {
		return "[unset]"
	}
	p, err := url.Parse(u.s)
	if err != nil {
		return "[redacted]"
	}
	if _, ok := p.User.Password(); ok {
		p.User = url.UserPassword(p.User.Username(), "redacted")
	}
	if q := p.Query(); q.Has("password") {
		q.Set("password", "redacted")
		p.RawQuery = q.Encode()
	}
	return p.String()
}

// GoString keeps %#v from showing the password.
func (u DatabaseURL) GoString() string { return u.String() }

// Format applies to every verb, including %x and %q.
func (u DatabaseURL) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(u.String())) }

// LogValue implements slog.LogValuer.
func (u DatabaseURL) LogValue() slog.Value { return slog.StringValue(u.String()) }

// MarshalJSON never emits the password.
func (u DatabaseURL) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", u.String())), nil }

// MarshalText never emits the password.
func (u DatabaseURL) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// parseDatabaseURL accepts "" (SQLite in the data directory) or a
// postgres:// URL with a host and a database name. Its errors never quote
// the URL, which may hold a password.
func parseDatabaseURL(v string) (DatabaseURL, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return DatabaseURL{}, nil
	}
	p, err := url.Parse(v)
	switch {
	case err != nil:
		return DatabaseURL{}, errors.New("not a URL; want postgres://user:password@host:5432/dbname")
	case p.Scheme != "postgres" && p.Scheme != "postgresql":
		return DatabaseURL{}, errors.New("the scheme must be postgres://; want postgres://user:password@host:5432/dbname")
	case p.Host == "" && !p.Query().Has("host"):
		return DatabaseURL{}, errors.New("no host; want postgres://user:password@host:5432/dbname")
	case strings.Trim(p.Path, "/") == "":
		return DatabaseURL{}, errors.New("no database name; want postgres://user:password@host:5432/dbname")
	}
	return DatabaseURL{s: v}, nil
}

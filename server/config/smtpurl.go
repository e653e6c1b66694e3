package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// Default ports of the two SMTP schemes: submission with STARTTLS, and
// submission over implicit TLS.
const (
	DefaultSMTPPort  = 587
	DefaultSMTPSPort = 465
)

// SMTPURL is where mail is sent: smtp://[user:password@]host[:port]
// (STARTTLS when the server offers it) or smtps://… (implicit TLS). Every
// way of printing it (fmt verbs, slog, JSON) hides the password.
type SMTPURL struct {
	u *url.URL
}

// IsSet reports whether mail is on.
func (s SMTPURL) IsSet() bool { return s.u != nil }

// Host is the server's host name or address.
func (s SMTPURL) Host() string {
	if s.u == nil {
		return ""
	}
	return s.u.Hostname()
}

// Port is the URL's port, or the scheme's default.
func (s SMTPURL) Port() int {
	if s.u == nil {
		return 0
	}
	if p, err := strconv.Atoi(s.u.Port()); err == nil {
		return p
	}
	if s.ImplicitTLS() {
		return DefaultSMTPSPort
	}
	return DefaultSMTPPort
}

// ImplicitTLS reports an smtps:// URL.
func (s SMTPURL) ImplicitTLS() bool { return s.u != nil && s.u.Scheme == "smtps" }

// Username is the user to authenticate as; "": no authentication.
func (s SMTPURL) Username() string {
	if s.u == nil || s.u.User == nil {
		return ""
	}
	return s.u.User.Username()
}

// RevealPassword returns the password, for the SMTP client only.
func (s SMTPURL) RevealPassword() string {
	if s.u == nil || s.u.User == nil {
		return ""
	}
	p, _ := s.u.User.Password()
	return p
}

func (s SMTPURL) hasPassword() bool {
	if s.u == nil || s.u.User == nil {
		return false
	}
	_, ok := s.u.User.Password()
	return ok
}

func (s SMTPURL) String() string {
	if s.u == nil {
		return "[unset]"
	}
	p := *s.u
	if s.hasPassword() {
		p.User = url.UserPassword(p.User.Username(), "redacted")
	}
	return p.String()
}

// GoString keeps %#v from showing the password.
func (s SMTPURL) GoString() string { return s.String() }

// Format applies to every verb, including %x and %q.
func (s SMTPURL) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue implements slog.LogValuer.
func (s SMTPURL) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON never emits the password.
func (s SMTPURL) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(s.String())), nil }

// MarshalText never emits the password.
func (s SMTPURL) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSMTPURL accepts "" (mail off) or an smtp:// or smtps:// URL with a
// host and nothing after it but a port. Its errors never quote the URL,
// which may hold a password.
func ParseSMTPURL(v string) (SMTPURL, error) {
	const want = "want smtp://user:password@host:587 or smtps://user:password@host:465"
	v = strings.TrimSpace(v)
	if v == "" {
		return SMTPURL{}, nil
	}
	p, err := url.Parse(v)
	switch {
	case err != nil:
		return SMTPURL{}, errors.New("not a URL; " + want)
	case p.Scheme != "smtp" && p.Scheme != "smtps":
		return SMTPURL{}, errors.New("the scheme must be smtp:// or smtps://; " + want)
	case p.Hostname() == "":
		return SMTPURL{}, errors.New("no host; " + want)
	case strings.Trim(p.Path, "/") != "" || p.RawQuery != "" || p.Fragment != "":
		return SMTPURL{}, errors.New("nothing may follow the host and port; " + want)
	}
	if port := p.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return SMTPURL{}, errors.New("the port must be 1 to 65535; " + want)
		}
	}
	return SMTPURL{u: p}, nil
}

// parseMailFrom accepts "" or one address, with or without a name
// ("hiregate <jobs@example.com>").
func parseMailFrom(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if _, err := mail.ParseAddress(v); err != nil {
		return "", fmt.Errorf("%q is not an address like jobs@example.com or \"Jobs <jobs@example.com>\"", v)
	}
	return v, nil
}

// parsePublicURL accepts "" (derived from --addr) or an absolute http(s)
// URL without query, kept without a trailing slash so links join to it.
func parsePublicURL(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	p, err := url.Parse(v)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.RawQuery != "" || p.Fragment != "" || p.User != nil {
		return "", fmt.Errorf("%q is not an http:// or https:// URL like https://jobs.example.com", v)
	}
	return strings.TrimRight(v, "/"), nil
}

// MailOn reports whether the server sends mail.
func (c Config) MailOn() bool { return c.SMTPURL.IsSet() }

// BaseURL is the public base URL of links in mails: --public-url, or the
// listen address when it is not set.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	scheme := "http"
	if c.TLS() {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

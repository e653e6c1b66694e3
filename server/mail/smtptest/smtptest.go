// Package smtptest is an SMTP server for tests, in process and on a real
// TCP port (github.com/emersion/go-smtp): it records every message it
// accepts, can answer the next DATA or RCPT commands with an error code
// (451 to be retried, 550 to be refused), and offers STARTTLS or implicit
// TLS with a self-signed certificate and AUTH PLAIN and LOGIN.
//
//	srv := smtptest.Start(t, smtptest.Options{STARTTLS: true, User: "u", Password: "p"})
//	// point the server at srv.URL(), trusting srv.ClientTLS()
//	msgs := srv.Wait(t, 1)
package smtptest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options choose how the server talks.
type Options struct {
	// STARTTLS offers STARTTLS (self-signed certificate).
	STARTTLS bool
	// ImplicitTLS speaks TLS from the first byte (smtps://).
	ImplicitTLS bool
	// User and Password, when User is set, make AUTH (PLAIN or LOGIN)
	// required before MAIL.
	User, Password string
}

// Server is a running test SMTP server. Its methods are safe for
// concurrent use.
type Server struct {
	// Host and Port are where it listens (127.0.0.1).
	Host string
	Port int

	opts   Options
	srv    *smtp.Server
	ln     net.Listener
	roots  *x509.CertPool
	mu     sync.Mutex
	cond   *sync.Cond
	msgs   []Message
	faults []fault
	datas  int // DATA commands answered, accepted or not
	closed bool
	holdAt int           // the DATA command (1-based) to hold; 0: none
	held   chan struct{} // closed when it is held
	gone   chan struct{} // closed by Close: held DATA gives up
}

// fault is an error the next matching command answers with.
type fault struct {
	stage string // "data" or "rcpt"
	code  int
	times int
}

// Message is one accepted message.
type Message struct {
	From     string
	To       []string // the envelope recipients (RCPT TO)
	Raw      []byte
	AuthUser string // who authenticated, "" when nobody did
	TLS      bool   // the session was encrypted
}

// Start starts a server on a free port of 127.0.0.1, stopped when tb ends.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := &Server{Host: "127.0.0.1", opts: opts, gone: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = "smtptest.localhost"
	s.srv.AllowInsecureAuth = !opts.STARTTLS && !opts.ImplicitTLS
	s.srv.ReadTimeout = time.Minute
	s.srv.WriteTimeout = time.Minute
	s.srv.EnableSMTPUTF8 = true
	s.srv.ErrorLog = discard{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	if opts.STARTTLS || opts.ImplicitTLS {
		cert, roots, err := selfSigned()
		if err != nil {
			tb.Fatal(err)
		}
		s.roots = roots
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if opts.ImplicitTLS {
			ln = tls.NewListener(ln, s.srv.TLSConfig)
			s.srv.TLSConfig = nil // no STARTTLS inside TLS
		}
	}
	s.ln = ln
	go func() { _ = s.srv.Serve(ln) }()
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server and wakes every Wait.
func (s *Server) Close() {
	s.mu.Lock()
	if !s.closed {
		close(s.gone)
	}
	s.closed = true
	s.cond.Broadcast()
	s.mu.Unlock()
	// The listener too: Serve may not have taken it over yet.
	_ = s.ln.Close()
	_ = s.srv.Close()
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// URL is the --smtp-url that reaches the server, with its user and
// password when it has them.
func (s *Server) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.Addr()}
	if s.opts.ImplicitTLS {
		u.Scheme = "smtps"
	}
	if s.opts.User != "" {
		u.User = url.UserPassword(s.opts.User, s.opts.Password)
	}
	return u.String()
}

// ClientTLS is a client configuration that trusts the server's
// certificate (nil when the server has no TLS).
func (s *Server) ClientTLS() *tls.Config {
	if s.roots == nil {
		return nil
	}
	return &tls.Config{RootCAs: s.roots, ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

// FailData answers the next times DATA commands with code (451: try
// later; 550: refused), after reading the message.
func (s *Server) FailData(code, times int) { s.addFault("data", code, times) }

// FailRcpt answers the next times RCPT commands with code.
func (s *Server) FailRcpt(code, times int) { s.addFault("rcpt", code, times) }

func (s *Server) addFault(stage string, code, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{stage: stage, code: code, times: times})
}

// takeFault returns the error of the first pending fault of stage.
func (s *Server) takeFault(stage string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		f := &s.faults[i]
		if f.stage != stage || f.times == 0 {
			continue
		}
		f.times--
		class := f.code / 100
		return &smtp.SMTPError{Code: f.code, EnhancedCode: smtp.EnhancedCode{class, 0, 0}, Message: "smtptest says " + strconv.Itoa(f.code)}
	}
	return nil
}

// HoldData makes the n-th DATA command from now on (1 = the next)
// wait, unanswered, until the server closes, and then fail: the message
// is never accepted. The returned channel closes once a client waits
// there, which is the moment to kill it.
func (s *Server) HoldData(n int) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdAt, s.held = s.datas+n, make(chan struct{})
	return s.held
}

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// DataCommands counts the DATA commands answered, accepted or not.
func (s *Server) DataCommands() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.datas
}

// Wait returns the messages once at least n were accepted. It fails tb
// if the server closes first or a minute passes: a safety net against a
// hung test, never a measure of speed.
func (s *Server) Wait(tb testing.TB, n int) []Message {
	tb.Helper()
	return s.WaitFor(tb, n, time.Minute)
}

// WaitFor is Wait with another safety net, for benchmarks.
func (s *Server) WaitFor(tb testing.TB, n int, limit time.Duration) []Message {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.msgs) < n {
		if s.closed || ctx.Err() != nil {
			tb.Fatalf("smtptest: %d messages arrived, want %d", len(s.msgs), n)
		}
		s.cond.Wait()
	}
	return append([]Message(nil), s.msgs...)
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{s: s, tls: isTLS, conn: c}, nil
}

// session is one SMTP connection.
type session struct {
	s    *Server
	conn *smtp.Conn
	tls  bool
	user string
	from string
	to   []string
}

var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain, sasl.Login}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if user != ss.s.opts.User || pass != ss.s.opts.Password {
			return errors.New("invalid credentials")
		}
		ss.user = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, errors.New("unsupported mechanism")
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.User != "" && ss.user == "" {
		return errAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := ss.s.takeFault("rcpt"); err != nil {
		return err
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := ss.conn.TLSConnectionState()
	ss.s.mu.Lock()
	ss.s.datas++
	hold := ss.s.holdAt == ss.s.datas
	ss.s.mu.Unlock()
	if hold {
		close(ss.s.held)
		<-ss.s.gone
		return errors.New("smtptest: closed while holding the message")
	}
	if err := ss.s.takeFault("data"); err != nil {
		return err
	}
	m := Message{From: ss.from, To: append([]string(nil), ss.to...), Raw: raw, AuthUser: ss.user, TLS: isTLS || ss.tls}
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, m)
	ss.s.cond.Broadcast()
	ss.s.mu.Unlock()
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN.
type loginServer struct {
	check func(user, pass string) error
	user  string
	step  int
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step = 1
		if response == nil {
			return []byte("Username:"), false, nil
		}
		fallthrough
	case 1:
		l.user, l.step = string(response), 2
		return []byte("Password:"), false, nil
	default:
		return nil, true, l.check(l.user, string(response))
	}
}

type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}

// selfSigned makes a certificate for 127.0.0.1 and localhost, and a pool
// that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "smtptest"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots, nil
}

// Header parses the message's header.
func (m Message) Header() mail.Header {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return mail.Header{}
	}
	return msg.Header
}

var decoder = mime.WordDecoder{}

// Subject is the decoded Subject header.
func (m Message) Subject() string {
	s, err := decoder.DecodeHeader(m.Header().Get("Subject"))
	if err != nil {
		return "undecodable: " + err.Error()
	}
	return s
}

// MessageID is the Message-ID header.
func (m Message) MessageID() string { return m.Header().Get("Message-Id") }

// Text is the decoded text/plain part (the whole body of a one-part
// mail).
func (m Message) Text() string {
	body, _ := m.Part("text/plain")
	return body
}

// Part returns the decoded body of the first part of mediaType (which
// may be the whole message) and its Content-Type parameters; ok is false
// when there is none.
func (m Message) Part(mediaType string) (body string, params map[string]string) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return "", nil
	}
	return findPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, mediaType)
}

func findPart(contentType, encoding string, body io.Reader, want string) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, params = "text/plain", map[string]string{}
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return "", nil
			}
			if b, ps := findPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, want); ps != nil {
				return b, ps
			}
		}
	}
	if mt != want {
		return "", nil
	}
	var r io.Reader = body
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &newlineStripper{body})
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Sprintf("undecodable: %v", err), params
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), params
}

// newlineStripper drops the line breaks of a base64 body.
type newlineStripper struct{ r io.Reader }

func (n *newlineStripper) Read(p []byte) (int, error) {
	c, err := n.r.Read(p)
	out := p[:0]
	for _, b := range p[:c] {
		if b != '\r' && b != '\n' {
			out = append(out, b)
		}
	}
	return len(out), err
}

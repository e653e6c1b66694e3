// Package ui holds what every screen of the terminal client shares: the
// Component interface, the Context handed to each screen, the navigation
// messages screens send to the root model, and the request helper that
// bounds every call with a timeout. The widgets screens are built from
// live in tui/widgets.
package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/drafts"
	"github.com/hiregate/hiregate/tui/keys"
	"github.com/hiregate/hiregate/tui/styles"
)

// DefaultTimeout bounds every request a screen makes.
const DefaultTimeout = 15 * time.Second

// Component is one screen (or part of one). Screens are pointers and
// change in place.
type Component interface {
	help.KeyMap
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	// Title names the screen in the header.
	Title() string
	// Capturing reports whether a text input has the focus, so that
	// single-letter global keys (q, ?) are typed instead of obeyed.
	Capturing() bool
}

// Modal is implemented by a screen that can be in a state (a question, a
// search box, a sub-form) where every key, esc included, is its own.
type Modal interface {
	Modal() bool
}

// Unsaved is implemented by a screen that can hold typing not yet sent:
// the root model asks before leaving it or quitting.
type Unsaved interface {
	Unsaved() bool
}

// Context is what the root model hands to every screen.
type Context struct {
	Styles *styles.Styles
	Keys   *keys.KeyMap
	// Server is the base URL the client talks to, as shown in the header.
	Server string
	// Version is the client's build, shown with the full help; "" hides it.
	Version string
	// User is the signed-in user, nil on the login screen.
	User *hiregate.User
	// Timeout bounds every request; DefaultTimeout when zero.
	Timeout time.Duration
	// Loc is the time zone dates are shown and typed in; time.Local (the
	// terminal's TZ) when nil.
	Loc *time.Location
	// Drafts keeps unsent feedback per interview while the client runs;
	// nil keeps none.
	Drafts *drafts.Store
	// Clock is the time now, for what depends on it (today's interviews);
	// time.Now when nil.
	Clock func() time.Time
	// Expired reports whether an error means the session is over. When
	// nil, any 401 on an authenticated call does.
	Expired func(error) bool
	// EndReason is what the server said about a session it refused (see
	// Expired), "" when nothing; nil says nothing.
	EndReason func(error) string
	// Live subscribes to the server's live events while signed in, so
	// screens update by themselves. Tests that are not about it leave it
	// off: a reload nobody asked for would race their snapshots.
	Live bool
	// SSHGateway is where the server says its SSH gateway listens
	// (host:port), "" when it announces none.
	SSHGateway string
}

// ServerInfoMsg carries what /healthz announced, learnt after start.
type ServerInfoMsg struct {
	SSHGateway string
}

// SSHCommand is the command that reaches the SSH gateway at addr
// (host:port): "ssh host", or "ssh -p PORT host" off port 22.
func SSHCommand(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "ssh " + addr
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port == "22" {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}

// Role is the signed-in user's role, "" when nobody is signed in.
func (c *Context) Role() hiregate.Role {
	if c.User == nil {
		return ""
	}
	return c.User.Role
}

// Location is the time zone dates are shown and typed in.
func (c *Context) Location() *time.Location {
	if c.Loc == nil {
		return time.Local
	}
	return c.Loc
}

// Now is the time now.
func (c *Context) Now() time.Time {
	if c.Clock == nil {
		return time.Now()
	}
	return c.Clock()
}

// Time formats t for display.
func (c *Context) Time(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(c.Location()).Format("2006-01-02 15:04")
}

// Date formats the day of t for display.
func (c *Context) Date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(c.Location()).Format("2006-01-02")
}

var callSeq atomic.Int64

// StartMsg says a request began; the root model shows a spinner until the
// matching ResultMsg arrives.
type StartMsg struct{ ID int64 }

// ResultMsg carries a screen's own result message back from a request.
type ResultMsg struct {
	ID  int64
	Msg tea.Msg
}

// Call runs f with a timeout and delivers the message it returns. A
// session that is over turns into SessionExpiredMsg instead, and a refusal
// until a second factor is enrolled into EnrollmentRequiredMsg, so no
// screen has to handle them.
func (c *Context) Call(f func(ctx context.Context) (tea.Msg, error)) tea.Cmd {
	return c.call(true, f)
}

// CallAnon is Call for requests made without a session (login, register),
// where a 401 means bad credentials, not an expired session.
func (c *Context) CallAnon(f func(ctx context.Context) (tea.Msg, error)) tea.Cmd {
	return c.call(false, f)
}

func (c *Context) call(authed bool, f func(ctx context.Context) (tea.Msg, error)) tea.Cmd {
	id := callSeq.Add(1)
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	run := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		msg, err := f(ctx)
		if authed && err != nil && c.expired(err) {
			var reason string
			if c.EndReason != nil {
				reason = c.EndReason(err)
			}
			return ResultMsg{ID: id, Msg: SessionExpiredMsg{Reason: reason}}
		}
		if authed && hiregate.IsMFAEnrollmentRequired(err) {
			return ResultMsg{ID: id, Msg: EnrollmentRequiredMsg{}}
		}
		return ResultMsg{ID: id, Msg: msg}
	}
	return tea.Batch(func() tea.Msg { return StartMsg{ID: id} }, run)
}

func (c *Context) expired(err error) bool {
	if c.Expired != nil {
		return c.Expired(err)
	}
	return hiregate.ErrorCode(err) == hiregate.EUNAUTHORIZED
}

// ErrorText says what went wrong in words for the user. It never includes
// a token: the client keeps them out of its errors.
func (c *Context) ErrorText(err error) string {
	if err == nil {
		return ""
	}
	var he *hiregate.Error
	if errors.As(err, &he) {
		switch he.Code {
		case hiregate.ETHROTTLED:
			if he.RetryAfter > 0 {
				return fmt.Sprintf("Too many attempts: wait %s and try again", waitText(he.RetryAfter))
			}
			return "Too many attempts: wait a while and try again"
		case hiregate.EINVALID:
			if len(he.Fields) > 0 {
				return "Some fields need fixing: see the messages next to them"
			}
		case hiregate.EINTERNAL:
			if he.Message == "" {
				return "The server had an internal error"
			}
		}
		if he.Message != "" {
			return he.Message
		}
		return "Request failed: " + he.Code
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("The server at %s did not answer in time", c.Server)
	}
	var ne net.Error
	msg := err.Error()
	if errors.As(err, &ne) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "no such host") {
		if strings.Contains(msg, c.Server) {
			// The client's own wording already names the URL it tried.
			return strings.ToUpper(msg[:1]) + msg[1:]
		}
		return fmt.Sprintf("Cannot reach the server at %s: %s", c.Server, msg)
	}
	return msg
}

// Count is n things in words: "1 application", "2 applications".
func Count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

func waitText(s int) string {
	if s < 90 {
		return fmt.Sprintf("%d s", s)
	}
	return fmt.Sprintf("%d min", (s+59)/60)
}

// FieldErrors returns the per-field messages of a 422, or nil.
func FieldErrors(err error) map[string]string {
	var he *hiregate.Error
	if errors.As(err, &he) {
		return he.Fields
	}
	return nil
}

// Page names a screen the root model can open.
type Page int

// The screens.
const (
	PageLogin Page = iota
	PageHome
	PageJobs
	PageJob
	PageJobForm
	PageApply
	PageMyApps
	PageJobApps
	PageApp
	PagePipeline
	PageUsers
	PageAudit
	PageSessions
	PagePassword
	PageMFA
	PageReports
	PageAccount
	PageUserSessions
	PageVerify
	// Mail (admin).
	PageMailLog
	PageMailTemplates
	// Hiring teams and interviews.
	PageTeam
	PageSchedule
	PageFeedback
	PageMyInterviews
	// Fair screening.
	PageAboutYou
	PageImpact
	PageSSHKeys
)

var pageNames = []string{"login", "home", "jobs", "job", "job form", "apply", "my applications", "job applications", "application", "pipeline", "users", "audit", "sessions", "password", "second factor", "reports", "account", "user sessions", "verify email", "mail log", "mail templates", "team", "schedule interview", "feedback", "my interviews", "about you", "impact report", "ssh keys"}

func (p Page) String() string {
	if int(p) < len(pageNames) {
		return pageNames[p]
	}
	return "page " + strconv.Itoa(int(p))
}

// OpenMsg asks the root model to open a screen on top of the current one.
type OpenMsg struct {
	Page Page
	// ID is the object the screen shows: a job or an application.
	ID string
	// Job prefills the job form when editing.
	Job *hiregate.Job
	// User is the account a screen about someone else shows (an admin's
	// view of their sessions).
	User *hiregate.User
	// Match is the application's match when it was opened from a
	// ranking, so its detail can say why it ranks where it does.
	Match *hiregate.Match
	// Interview is the interview to move (PageSchedule; nil schedules a
	// new one for application ID).
	Interview *hiregate.Interview
}

// Open returns a command that opens a screen.
func Open(p Page, id string) tea.Cmd {
	return func() tea.Msg { return OpenMsg{Page: p, ID: id} }
}

// BackMsg asks the root model to close the current screen. Flash, when
// set, is shown in the status line; the screen below is told to refresh.
type BackMsg struct{ Flash string }

// Back returns a command that closes the current screen.
func Back(flash string) tea.Cmd {
	return func() tea.Msg { return BackMsg{Flash: flash} }
}

// RefreshMsg tells a screen that it is on top again after a screen above
// it changed data, so it should reload.
type RefreshMsg struct{}

// FlashMsg shows a short message in the status line.
type FlashMsg struct {
	Text string
	Err  bool
}

// Flash returns a command that shows a status message.
func Flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Text: text, Err: isErr} }
}

// LoggedInMsg says the user signed in.
type LoggedInMsg struct {
	User *hiregate.User
	// Registered says the account was just made: its address waits for
	// the code mailed to it.
	Registered bool
	// Notice, when set, is shown once the first screen is up (such as
	// how many recovery codes are left).
	Notice string
	// Warn shows Notice as a warning.
	Warn bool
}

// LoggedOutMsg says the session ended on purpose (log out, log out
// everywhere, password change elsewhere).
type LoggedOutMsg struct {
	Notice string
	// Forget leaves the sign-in form empty (an erased account); otherwise
	// it keeps the email, so signing in again is the password away.
	Forget bool
}

// SessionExpiredMsg says the server no longer accepts the session. Reason
// is what the server said when it refused it, "" when nothing more than
// that.
type SessionExpiredMsg struct{ Reason string }

// Fail records the outcome of a request in *msg: err's text for the user,
// or "" when it succeeded. It reports whether err is an error.
func (c *Context) Fail(msg *string, err error) bool {
	*msg = c.ErrorText(err)
	return err != nil
}

// MFARequiredMsg says the server accepted email's password and wants the
// second factor: the root model opens the code prompt with the mfa_token.
type MFARequiredMsg struct {
	Email    string
	MFAToken string
}

// EnrollmentRequiredMsg says the server refuses the signed-in user
// everything but enrolling a second factor (its --require-mfa): the root
// model goes straight to the enrolment screen.
type EnrollmentRequiredMsg struct{}

// Package keys holds every key binding of the terminal client. Screens
// match keys with key.Matches against a *KeyMap and build their help line
// from the same bindings, so the help never disagrees with the keys.
package keys

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every binding the client knows.
type KeyMap struct {
	// Global.
	Quit      key.Binding
	ForceQuit key.Binding
	Back      key.Binding
	Help      key.Binding
	HelpAny   key.Binding

	// Moving around.
	Up       key.Binding
	Down     key.Binding
	Left     key.Binding
	Right    key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding
	Search   key.Binding
	Refresh  key.Binding

	// Forms.
	NextField key.Binding
	PrevField key.Binding
	Submit    key.Binding
	SubmitAlt key.Binding
	LoadFile  key.Binding
	Register  key.Binding
	// Accounts by mail.
	Forgot     key.Binding
	Invitation key.Binding
	Resend     key.Binding
	Notify     key.Binding
	Verify     key.Binding

	// Confirmation.
	Yes key.Binding
	No  key.Binding

	// Actions.
	Apply        key.Binding
	Edit         key.Binding
	CloseJob     key.Binding
	Applications key.Binding
	Pipeline     key.Binding
	Move         key.Binding
	Reject       key.Binding
	Note         key.Binding
	Withdraw     key.Binding
	New          key.Binding
	Role         key.Binding
	Password     key.Binding
	Deactivate   key.Binding
	Revoke       key.Binding
	LogoutAll    key.Binding
	ResetMFA     key.Binding
	FilterUser   key.Binding
	FilterType   key.Binding
	FilterStatus key.Binding
	Sort         key.Binding
	SaveFile     key.Binding
	ViewText     key.Binding
	Complete     key.Binding

	// Messages and mail.
	Messages   key.Binding
	MailLog    key.Binding
	Templates  key.Binding
	EditText   key.Binding
	RestoreDef key.Binding
	// Hiring teams and interviews.
	Team            key.Binding
	AddMember       key.Binding
	RemoveMember    key.Binding
	Scorecard       key.Binding
	Schedule        key.Binding
	MoveInterview   key.Binding
	CancelInterview key.Binding
	Calendar        key.Binding
	Feedback        key.Binding
	Toggle          key.Binding
	Rate            key.Binding
}

// DefaultKeyMap returns the client's key bindings.
func DefaultKeyMap() *KeyMap {
	b := func(help string, desc string, k ...string) key.Binding {
		return key.NewBinding(key.WithKeys(k...), key.WithHelp(help, desc))
	}
	return &KeyMap{
		Quit:      b("q", "quit", "q", "ctrl+c"),
		ForceQuit: b("ctrl+c", "quit", "ctrl+c"),
		Back:      b("esc", "back", "esc"),
		Help:      b("?", "help", "?"),
		// F1 opens the help from anywhere, a text field too, where ? is
		// typed.
		HelpAny: b("f1", "help", "f1"),

		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		Left:     b("←/h", "left", "left", "h"),
		Right:    b("→/l", "right", "right", "l"),
		PageUp:   b("pgup", "page up", "pgup", "ctrl+u"),
		PageDown: b("pgdn", "page down", "pgdown", "ctrl+d"),
		Top:      b("home/g", "first", "home", "g"),
		Bottom:   b("end/G", "last", "end", "G"),
		Open:     b("enter", "open", "enter"),
		Search:   b("/", "search", "/"),
		Refresh:  b("ctrl+r", "reload", "ctrl+r"),

		NextField: b("tab", "next field", "tab"),
		PrevField: b("shift+tab", "previous field", "shift+tab"),
		Submit:    b("enter", "submit", "enter"),
		SubmitAlt: b("ctrl+s", "save", "ctrl+s"),
		LoadFile:  b("ctrl+o", "load resume file", "ctrl+o"),
		Register:  b("ctrl+n", "register", "ctrl+n"),
		// Control keys, since these screens type into fields.
		Forgot:     b("ctrl+f", "forgot", "ctrl+f"),
		Invitation: b("ctrl+t", "invitation", "ctrl+t"),
		Resend:     b("ctrl+r", "send code again", "ctrl+r"),
		Notify:     b("ctrl+t", "mail notifications on/off", "ctrl+t"),
		Verify:     b("ctrl+y", "verify email", "ctrl+y"),

		Yes: b("y", "yes", "y", "Y"),
		No:  b("n", "no", "n", "N", "esc"),

		Apply:        b("a", "apply", "a"),
		Edit:         b("e", "edit", "e"),
		CloseJob:     b("c", "close/reopen", "c"),
		Applications: b("A", "applications", "A"),
		Pipeline:     b("p", "pipeline", "p"),
		Move:         b("m", "move stage", "m"),
		Reject:       b("x", "reject", "x"),
		Note:         b("n", "add note", "n"),
		Withdraw:     b("w", "withdraw", "w"),
		New:          b("n", "new", "n"),
		Role:         b("r", "change role", "r"),
		Password:     b("p", "reset password", "p"),
		Deactivate:   b("d", "deactivate/activate", "d"),
		Revoke:       b("x", "revoke", "x"),
		LogoutAll:    b("L", "log out everywhere", "L"),
		ResetMFA:     b("M", "reset 2nd factor", "M"),
		FilterUser:   b("u", "filter user", "u"),
		FilterType:   b("t", "filter type", "t"),
		FilterStatus: b("f", "filter status", "f"),
		Sort:         b("s", "sort arrival/match", "s"),
		SaveFile:     b("d", "save resume file", "d"),
		ViewText:     b("v", "resume text", "v"),
		Complete:     b("tab", "complete path", "tab"),

		Messages:        b("M", "messages", "M"),
		MailLog:         b("o", "mail log", "o"),
		Templates:       b("t", "mail templates", "t"),
		EditText:        b("e", "edit", "e"),
		RestoreDef:      b("D", "restore default", "D"),
		Team:            b("t", "team", "t"),
		AddMember:       b("a", "add member", "a"),
		RemoveMember:    b("x", "remove", "x"),
		Scorecard:       b("s", "scorecard", "s"),
		Schedule:        b("i", "schedule interview", "i"),
		MoveInterview:   b("e", "move interview", "e"),
		CancelInterview: b("C", "cancel interview", "C"),
		Calendar:        b("c", "save .ics", "c"),
		Feedback:        b("f", "feedback", "f"),
		Toggle:          b("space", "pick", " ", "space"),
		Rate:            b("1-4", "rate", "1", "2", "3", "4"),
	}
}

// With returns b with its help description replaced, for a screen whose
// action under the same key reads differently.
func With(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

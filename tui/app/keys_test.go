package app_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/tui/internal/testserver"
)

// together is letters that reached the program in one read, as Bubble Tea
// delivers fast typing or a paste without bracketed paste.
func together(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// Words typed fast are text, all of them, even "down".
func TestFastTypingKeepsEveryWord(t *testing.T) {
	t.Parallel()
	d := start(t, testserver.New(t).NewClient(), 80, 24)
	for _, m := range []tea.KeyMsg{together("write"), {Type: tea.KeySpace, Runes: []rune{' '}}, together("down"), {Type: tea.KeySpace, Runes: []rune{' '}}, together("what")} {
		d.Send(m)
	}
	d.WaitContains("Email     write down what")
}

// "jj" arriving together moves the selection twice.
func TestKeysTogetherAreKeys(t *testing.T) {
	t.Parallel()
	d := start(t, testserver.Demo(t).NewClient(), 80, 24)
	login(d, testserver.Candidate)
	d.Send(together("jj"))
	d.Key("enter")
	d.WaitContains("Second factor (authenticator app)") // the third entry of the menu
}

// A letter that opens a text field makes the rest text.
func TestKeysTogetherIntoSearch(t *testing.T) {
	t.Parallel()
	d := start(t, testserver.Demo(t).NewClient(), 80, 24)
	login(d, testserver.Recruiter)
	d.Key("1")
	d.WaitContains("Senior Go Engineer", "Technical Writer")
	d.Send(together("/writer"))
	d.WaitContains("/ writer")
}

// A sentence that lands on a list in one read is not run as commands: the
// n of "new hire" would open "Post a job" and type the rest into its title.
func TestWordsOnAListAreNotCommands(t *testing.T) {
	t.Parallel()
	d := start(t, testserver.Demo(t).NewClient(), 80, 24)
	login(d, testserver.Recruiter)
	d.Key("1")
	d.WaitContains("Senior Go Engineer", "Technical Writer")
	d.Send(together("new hire plan"))
	view := d.WaitContains("Ignored 13 keys that arrived at once", "on a list, letters are commands")
	if strings.Contains(view, "Post a job") {
		t.Fatalf("the burst opened the job form:\n%s", view)
	}
	// The list still takes keys one at a time.
	d.Key("n")
	d.WaitContains("Post a job")
}

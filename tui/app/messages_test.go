package app_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/tui/internal/testserver"
)

// A recruiter and a candidate write to each other from the Messages pane
// of the application screen, at 80x24: each sees the other's message
// without a key pressed, and what the candidate is typing meanwhile stays.
func TestLiveMessages(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	cand := start(t, srv.NewClient(), 80, 24, withLive)
	login(cand, testserver.Candidate)
	cand.Key("2")
	rowShows(cand, "Senior Go Engineer")
	cand.WaitFor("the Senior Go row selected", func(v string) bool { return strings.Contains(v, "Site Reliability Engineer") })
	cand.Key("down", "enter")
	cand.WaitContains("Senior Go Engineer", "History", "M messages")
	cand.Key("M")
	cand.WaitContains("Messages", "No messages yet", "enter send")

	rec := start(t, srv.NewClient(), 80, 24, withLive)
	login(rec, testserver.Recruiter)
	openBoard(rec)
	rec.Key("enter")
	rec.WaitContains("Priya Raman <candidate@example.com>", "M messages")
	rec.Key("M")
	rec.WaitContains("No messages yet")

	cand.Type("Hello from Priya")
	cand.WaitContains("Hello from Priya")
	rec.Type("When can you start?")
	rec.Key("enter")
	rec.WaitContains("You", "When can you start?")
	// Live, and the draft is still there.
	cand.WaitContains("Dana Whitfield (recruiter)", "When can you start?", "Hello from Priya")
	cand.Key("enter")
	rec.WaitContains("Priya Raman", "Hello from Priya")
	cand.WaitFor("the input emptied after sending", func(v string) bool {
		return strings.Count(v, "Hello from Priya") == 1 && strings.Contains(v, "Write a message")
	})

	// esc closes the pane; a draft survives it.
	cand.Type("one more")
	cand.Key("esc")
	cand.WaitContains("History", "M messages")
	cand.Key("M")
	cand.WaitContains("one more")
}

// The candidate's list counts messages not read yet, live; reading them
// in the pane clears the count (the read mark is kept by the server).
func TestLiveUnreadCounts(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	cand := start(t, srv.NewClient(), 80, 24, withLive)
	login(cand, testserver.Candidate)
	cand.Key("2")
	rowShows(cand, "Senior Go Engineer", "applied")
	id := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
	for _, body := range []string{"First question", "Second question"} {
		if _, err := srv.As(testserver.Recruiter).SendMessage(t.Context(), id, body); err != nil {
			t.Fatal(err)
		}
	}
	rowShows(cand, "Senior Go Engineer ✉2")
	cand.Key("down", "enter")
	cand.WaitContains("Senior Go Engineer", "History")
	cand.Key("M")
	cand.WaitContains("Second question")
	cand.Key("esc", "esc")
	cand.WaitFor("the count gone", func(v string) bool {
		return line(v, "Senior Go Engineer", "applied") != "" && !strings.Contains(v, "✉")
	})
}

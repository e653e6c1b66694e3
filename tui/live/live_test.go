package live_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/live"
)

// serve answers GET /events with body, then holds the connection.
func serve(t *testing.T, body string) *client.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, body)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c.SetTokens(&hiregate.TokenResponse{AccessToken: "a", RefreshToken: "r", ExpiresIn: 900})
	return c
}

// run executes cmd with a deadline, as the Bubble Tea runtime would.
func run(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case m := <-done:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("command did not return")
	}
	return nil
}

func TestStream(t *testing.T) {
	c := serve(t, "id: 1\nevent: application.moved\ndata: {\"application_id\":\"a1\",\"status\":\"interview\"}\n\n"+
		"id: 2\nevent: job.updated\ndata: {\"job_id\":\"j1\"}\n\n")
	s, cmd := live.Start(c, client.StreamOptions{})
	defer s.Stop()
	if m, ok := run(t, cmd).(live.StateMsg); !ok || m.State != client.StreamConnected || m.Stream != s {
		t.Fatalf("first message = %#v, want connected", m)
	}
	var got []client.Event
	for len(got) < 2 {
		m, ok := run(t, s.Wait()).(live.EventsMsg)
		if !ok {
			t.Fatalf("message = %#v, want events", m)
		}
		got = append(got, m.Events...)
	}
	if got[0].Data.ApplicationID != "a1" || got[1].Type != hiregate.EventJobUpdated {
		t.Errorf("events = %+v, want the move then the job update", got)
	}
}

func TestEventsMsg(t *testing.T) {
	moved := client.Event{Type: hiregate.EventApplicationMoved, Data: hiregate.EventData{ApplicationID: "a1"}}
	reset := client.Event{Type: hiregate.EventReset}
	revoked := client.Event{Type: hiregate.EventSessionRevoked, Data: hiregate.EventData{Reason: hiregate.ReasonDeactivated}}
	isA2 := func(e client.Event) bool { return e.Data.ApplicationID == "a2" }
	tests := []struct {
		name    string
		msg     live.EventsMsg
		any     bool
		reset   bool
		revoked string
	}{
		{"unrelated", live.EventsMsg{Events: []client.Event{moved}}, false, false, ""},
		{"reset touches everything", live.EventsMsg{Events: []client.Event{moved, reset}}, true, true, ""},
		{"revoked", live.EventsMsg{Events: []client.Event{revoked}}, false, false, hiregate.ReasonDeactivated},
	}
	for _, tt := range tests {
		if got := tt.msg.Any(isA2); got != tt.any {
			t.Errorf("%s: Any(a2) = %v, want %v", tt.name, got, tt.any)
		}
		if got := tt.msg.Reset(); got != tt.reset {
			t.Errorf("%s: Reset() = %v, want %v", tt.name, got, tt.reset)
		}
		if got := tt.msg.Revoked(); got != tt.revoked {
			t.Errorf("%s: Revoked() = %q, want %q", tt.name, got, tt.revoked)
		}
	}
}

func TestStopSilencesWait(t *testing.T) {
	c := serve(t, "")
	s, cmd := live.Start(c, client.StreamOptions{})
	run(t, cmd) // connected
	w := s.Wait()
	s.Stop()
	if m := run(t, w); m != nil {
		t.Errorf("Wait after Stop = %#v, want nil", m)
	}
}

func TestReload(t *testing.T) {
	var r live.Reload
	if !r.Want() {
		t.Fatal("Want() on an idle screen = false, want a reload")
	}
	for range 5 {
		if r.Want() {
			t.Fatal("Want() while a reload runs = true, want it coalesced")
		}
	}
	if !r.Done() {
		t.Fatal("Done() after events arrived during the reload = false, want one more")
	}
	if r.Done() {
		t.Fatal("Done() after the follow-up = true, want nothing more")
	}
	if !r.Want() {
		t.Fatal("Want() after all is done = false")
	}
}

func TestAbout(t *testing.T) {
	moved := client.Event{Type: hiregate.EventApplicationMoved, Data: hiregate.EventData{ApplicationID: "a1", JobID: "j1"}}
	created := client.Event{Type: hiregate.EventJobCreated, Data: hiregate.EventData{JobID: "j2"}}
	tests := []struct {
		name string
		f    func(client.Event) bool
		e    client.Event
		want bool
	}{
		{"application a1", live.AboutApplication("a1"), moved, true},
		{"application a2", live.AboutApplication("a2"), moved, false},
		{"no application", live.AboutApplication(""), created, false},
		{"job j1 by its application", live.AboutJob("j1"), moved, true},
		{"job j2", live.AboutJob("j2"), created, true},
		{"job j3", live.AboutJob("j3"), created, false},
		{"applications", live.AboutApplications, moved, true},
		{"applications, a job", live.AboutApplications, created, false},
		{"jobs", live.AboutJobs, created, true},
		{"jobs, a move", live.AboutJobs, moved, false},
	}
	for _, tt := range tests {
		if got := tt.f(tt.e); got != tt.want {
			t.Errorf("%s(%s) = %v, want %v", tt.name, tt.e.Type, got, tt.want)
		}
	}
}

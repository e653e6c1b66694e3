package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// TestTeamVisibility: team events reach the job's owner, its team
// recruiters, admins, the interviewers named in the audience and (except
// feedback and notes) the candidate; nobody else, whatever their role.
func TestTeamVisibility(t *testing.T) {
	team := []events.Viewer{
		cand1, cand2, recr1, recr2,
		{UserID: "r3", Role: hiregate.RoleRecruiter, SessionID: "s-r3"},
		{UserID: "i1", Role: hiregate.RoleInterviewer, SessionID: "s-i1"},
		{UserID: "i2", Role: hiregate.RoleInterviewer, SessionID: "s-i2"},
		admin,
	}
	app := application("a1", "j1", "c1", hiregate.StageInterview)
	withTeam := func(e events.Event, recruiters, interviewers []string) events.Event {
		e.Audience.TeamRecruiters, e.Audience.Interviewers = recruiters, interviewers
		return e
	}
	note := &hiregate.Note{ID: "n1"}
	tests := []struct {
		name string
		ev   events.Event
		want []string
	}{
		{"scheduled", withTeam(events.Interview(hiregate.EventInterviewScheduled, "iv1", app, "r1"), []string{"r2"}, []string{"i1"}),
			[]string{"c1", "r1", "r2", "i1", "a1"}},
		{"cancelled", withTeam(events.Interview(hiregate.EventInterviewCancelled, "iv1", app, "r1"), nil, []string{"i2"}),
			[]string{"c1", "r1", "i2", "a1"}},
		{"feedback", withTeam(events.FeedbackSubmitted("iv1", app, "r1"), []string{"r2"}, []string{"i1"}),
			[]string{"r1", "r2", "i1", "a1"}},
		{"moved", withTeam(events.ApplicationMoved(app, "r1"), []string{"r2"}, []string{"i2"}),
			[]string{"c1", "r1", "r2", "i2", "a1"}},
		{"note", withTeam(events.NoteAdded(note, app, "r1"), []string{"r2"}, []string{"i1"}),
			[]string{"r1", "r2", "a1"}},
		{"closed job", withTeam(events.JobUpdated(hiregate.JobClosed, job("j1", "r1", hiregate.JobClosed)), []string{"r2"}, []string{"i1", "i2"}),
			[]string{"r1", "r2", "i1", "i2", "a1"}},
		// A recruiter named as an interviewer is not made one.
		{"interviewer list names a recruiter", withTeam(events.Interview(hiregate.EventInterviewUpdated, "iv1", app, "r1"), nil, []string{"r3"}),
			[]string{"c1", "r1", "a1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The audience crosses replicas as JSON (the Bus): it must
			// come back whole.
			b, err := json.Marshal(tt.ev)
			if err != nil {
				t.Fatal(err)
			}
			var ev events.Event
			if err := json.Unmarshal(b, &ev); err != nil || !reflect.DeepEqual(ev.Audience, tt.ev.Audience) {
				t.Fatalf("audience after JSON = %+v (%v), want %+v", ev.Audience, err, tt.ev.Audience)
			}
			br, _ := newBroker(t, events.Config{})
			subs := map[string]*events.Subscription{}
			for _, p := range team {
				subs[p.UserID] = subscribe(t, br, p, "")
			}
			br.Publish(context.Background(), ev)
			var got []string
			for _, p := range team {
				if len(subs[p.UserID].Take()) > 0 {
					got = append(got, p.UserID)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%s reached %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// TestBlindAlias: an event that names a candidate hidden by blind review
// (their own move or message) reaches the job's staff with the alias, and
// the candidate and admins with the name, live and on replay; one that
// names staff is the same for all.
func TestBlindAlias(t *testing.T) {
	app := application("a1", "j1", "c1", hiregate.StageWithdrawn)
	app.History = []hiregate.HistoryEntry{{Status: hiregate.StageWithdrawn, By: "c1", ByName: "Zoë Quintana"}}
	byCandidate := events.ApplicationMoved(app, "r1")
	byCandidate.Audience.TeamRecruiters, byCandidate.Audience.Interviewers = []string{"r2"}, []string{"i1"}
	byCandidate.Audience.BlindAlias = "Candidate ABCD"
	byRecruiter := byCandidate
	byRecruiter.Data.By = &hiregate.UserRef{ID: "r1", FullName: "Rita Recruiter"}
	viewers := []events.Viewer{cand1, recr1, recr2, {UserID: "i1", Role: hiregate.RoleInterviewer, SessionID: "s-i1"}, admin}
	want := map[string]string{"c1": "Zoë Quintana", "r1": "Candidate ABCD", "r2": "Candidate ABCD", "i1": "Candidate ABCD", "a1": "Zoë Quintana"}
	named := func(wire, name string) bool {
		return strings.Contains(wire, `"by":{"id":`) && strings.Contains(wire, `"full_name":"`+name+`"`)
	}

	br, _ := newBroker(t, events.Config{})
	subs := map[string]*events.Subscription{}
	for _, v := range viewers {
		subs[v.UserID] = subscribe(t, br, v, "")
	}
	br.Publish(context.Background(), byRecruiter)
	br.Publish(context.Background(), byCandidate)
	for _, v := range viewers {
		got := subs[v.UserID].Take()
		if len(got) != 2 || !named(got[0], "Rita Recruiter") || !named(got[1], want[v.UserID]) {
			t.Errorf("%s got %q, want Rita Recruiter's move, then the candidate's named %q", v.UserID, got, want[v.UserID])
			continue
		}
		// A stream that resumes after the first gets the second the same
		// way from the history.
		id := strings.TrimPrefix(strings.SplitN(got[0], "\n", 2)[0], "id: ")
		replayed, _ := subscribe(t, br, v, id).Replay()
		if len(replayed) != 1 || !named(replayed[0], want[v.UserID]) {
			t.Errorf("%s replay = %q, want the candidate named %q", v.UserID, replayed, want[v.UserID])
		}
	}
}

package hiregate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
)

func TestMaskText(t *testing.T) {
	parts := hiregate.NameParts("Zoë Quintana-Marsh")
	tests := []struct{ name, in, want string }{
		{"email", "write to zoe.qm+cv@mail.example.org today", "write to [hidden] today"},
		{"url", "see https://github.com/zq/repo, and www.zoe.dev.", "see [hidden], and [hidden]."},
		{"bare domain", "portfolio: zoe.dev/work", "portfolio: [hidden]"},
		{"phone intl", "call +44 20 7946 0958 now", "call [hidden] now"},
		{"phone us", "(212) 555-0123", "[hidden]"},
		{"phone local", "ring 555-0123", "ring [hidden]"},
		{"years stay", "Acme (2015-2025), 3 years, 40%", "Acme (2015-2025), 3 years, 40%"},
		{"name parts any case", "ZOË led; quintana-marsh wrote; Marsh's team", "[hidden] led; [hidden] wrote; [hidden]'s team"},
		{"whole words only", "Marshall and Zoëlla stay", "Marshall and Zoëlla stay"},
		{"skills stay", "ASP.NET, Node.js, C++ and Go", "ASP.NET, Node.js, C++ and Go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hiregate.MaskText(tt.in, parts); got != tt.want {
				t.Errorf("MaskText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBlindAliasStable(t *testing.T) {
	a, b := hiregate.BlindAlias("app-1"), hiregate.BlindAlias("app-1")
	if a != b || !strings.HasPrefix(a, "Candidate ") || len(a) != len("Candidate ABCD") {
		t.Fatalf("alias %q, %q", a, b)
	}
	if a == hiregate.BlindAlias("app-2") {
		t.Errorf("two applications share alias %q", a)
	}
}

func TestMaskInterview(t *testing.T) {
	tests := []struct{ name, location, url, wantLocation, wantURL string }{
		{"plain", "Room 4, Straße 5", "https://meet.example.com/abc-defg-hij", "Room 4, Straße 5", "https://meet.example.com/abc-defg-hij"},
		{"name in location", "Zoë's flat, call +44 20 7946 0958", "", "[hidden]'s flat, call [hidden]", ""},
		{"name run into link", "", "https://meet.example.com/ZQuintana", "", ""},
		{"short part as a word", "", "https://meet.example.com/li/room", "", ""},
		{"short part inside a word stays", "", "https://meet.example.com/link", "", "https://meet.example.com/link"},
		{"meeting number stays", "", "https://zoom.us/j/123456789", "", "https://zoom.us/j/123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := hiregate.Interview{ID: "iv", ApplicationID: "app-1", Candidate: hiregate.UserRef{ID: "cand", FullName: "Zoë Li Quintana-Marsh"},
				Organizer: hiregate.UserRef{ID: "rec", FullName: "Rita Recruiter"}, Location: tt.location, URL: tt.url,
				Interviewers: []hiregate.UserRef{{ID: "iv1", FullName: "Ivan Interviewer"}}}
			hiregate.MaskInterview(&iv)
			if !iv.Blinded || iv.Candidate != (hiregate.UserRef{ID: "cand", FullName: hiregate.BlindAlias("app-1")}) {
				t.Errorf("candidate = %+v, blinded %v, want the application's alias and its id", iv.Candidate, iv.Blinded)
			}
			if iv.Location != tt.wantLocation || iv.URL != tt.wantURL {
				t.Errorf("location, url = %q, %q, want %q, %q", iv.Location, iv.URL, tt.wantLocation, tt.wantURL)
			}
			if iv.Organizer.FullName != "Rita Recruiter" || iv.Interviewers[0].FullName != "Ivan Interviewer" {
				t.Errorf("staff names changed: %+v, %+v", iv.Organizer, iv.Interviewers)
			}
		})
	}
}

func TestMustBlind(t *testing.T) {
	app := func(status hiregate.Stage, history ...hiregate.Stage) *hiregate.Application {
		a := &hiregate.Application{ID: "a", Status: status, Candidate: hiregate.CandidateRef{ID: "cand"}}
		for _, h := range history {
			a.History = append(a.History, hiregate.HistoryEntry{Status: h})
		}
		return a
	}
	tests := []struct {
		name   string
		viewer string
		role   hiregate.Role
		until  hiregate.Stage
		a      *hiregate.Application
		want   bool
	}{
		{"recruiter before stage", "rec", hiregate.RoleRecruiter, hiregate.StageInterview, app(hiregate.StageScreening, hiregate.StageApplied, hiregate.StageScreening), true},
		{"recruiter at stage", "rec", hiregate.RoleRecruiter, hiregate.StageInterview, app(hiregate.StageInterview), false},
		{"recruiter past stage", "rec", hiregate.RoleRecruiter, hiregate.StageScreening, app(hiregate.StageOffer), false},
		{"rejected before stage", "rec", hiregate.RoleRecruiter, hiregate.StageInterview, app(hiregate.StageRejected, hiregate.StageApplied, hiregate.StageRejected), true},
		{"rejected after stage", "rec", hiregate.RoleRecruiter, hiregate.StageInterview, app(hiregate.StageRejected, hiregate.StageApplied, hiregate.StageInterview, hiregate.StageRejected), false},
		{"admin", "adm", hiregate.RoleAdmin, hiregate.StageInterview, app(hiregate.StageApplied), false},
		{"own candidate", "cand", hiregate.RoleCandidate, hiregate.StageInterview, app(hiregate.StageApplied), false},
		{"not blind", "rec", hiregate.RoleRecruiter, "", app(hiregate.StageApplied), false},
	}
	for _, tt := range tests {
		if got := hiregate.MustBlind(tt.viewer, tt.role, tt.until, tt.a); got != tt.want {
			t.Errorf("%s: MustBlind = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDemographicsValidate(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		name  string
		req   hiregate.DemographicsRequest
		field string
	}{
		{"empty", hiregate.DemographicsRequest{}, ""},
		{"all known", hiregate.DemographicsRequest{Gender: s("non_binary"), Ethnicity: s("two_or_more"), AgeBand: s("65_plus")}, ""},
		{"decline", hiregate.DemographicsRequest{Gender: s("decline")}, ""},
		{"unknown gender", hiregate.DemographicsRequest{Gender: s("Female")}, "gender"},
		{"unknown ethnicity", hiregate.DemographicsRequest{Ethnicity: s("martian")}, "ethnicity"},
		{"unknown age", hiregate.DemographicsRequest{AgeBand: s("30")}, "age_band"},
	}
	for _, tt := range tests {
		err := tt.req.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var he *hiregate.Error
		if !errors.As(err, &he) || he.Fields[tt.field] == "" {
			t.Errorf("%s: err %v, want a 422 naming %s", tt.name, err, tt.field)
		}
	}
}

package pipeline_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/live"
	"github.com/hiregate/hiregate/tui/screens/pipeline"
	"github.com/hiregate/hiregate/tui/ui"
)

func TestPipeline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		w, h int
		keys []string
		want []string
	}{
		{"Board", 80, 24, nil, []string{"2 applications", ">Priya Raman", "Grace Liu", "←→ stages 1–5 of 7", "┃applied"}},
		{"Wide", 120, 40, nil, []string{"2 applications", "Priya Raman", "Grace Liu"}},
		{"Move", 80, 24, []string{"m", "y"}, []string{"flash: Priya Raman moved to screening"}},
		{"Open", 80, 24, []string{"right", "right", "enter"}, []string{"open application {application Grace Liu/Senior Go Engineer}"}},
		{"Reject", 80, 24, []string{"right", "right", "x", "y"}, []string{"flash: Grace Liu moved to rejected"}},
		{"EmptyColumn", 80, 24, []string{"right", "m"}, nil},
		// The last columns scroll into view at 80 columns.
		{"Scrolled", 80, 24, []string{"right", "right", "right", "right", "right", "right"}, []string{"←→ stages 3–7 of 7", "┃withdrawn"}},
		{"SortMatch", 120, 40, []string{"s"}, []string{"best match first", "> 38 Priya Ram…", "  38 Grace Liu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			id := srv.JobID("Senior Go Engineer")
			d := srv.Screen(testserver.Recruiter, tt.w, tt.h, func(c *ui.Context, api *client.Client) ui.Component { return pipeline.New(c, api, id) })
			d.WaitContains("Grace L")
			d.Key(tt.keys...)
			if tt.want != nil {
				d.WaitContains(srv.Expand(tt.want...)...)
			}
			golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
		})
	}
}

// The board opens on the first column with cards, where
// enter, m and x do something, and marks it without colour.
func TestPipelineOpensOnCards(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.JobID("Site Reliability Engineer")
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return pipeline.New(c, api, id) })
	d.WaitContains("┃screening", ">Priya Raman")
	d.Key("m", "y")
	d.WaitContains("flash: Priya Raman moved to interview")
}

// A move the server refuses (someone moved the card first)
// shows the board as it is, not as it was.
func TestPipelineRefusedMoveReloads(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	id := srv.JobID("Senior Go Engineer")
	d := srv.Screen(testserver.Recruiter, 120, 30, func(c *ui.Context, api *client.Client) ui.Component { return pipeline.New(c, api, id) })
	d.WaitContains(">Priya Raman")
	srv.Move(testserver.Admin, srv.ApplicationID(testserver.Candidate, "Senior Go Engineer"), hiregate.StageOffer)
	d.Key("m", "y")
	notice := "Priya Raman was moved to offer by Avery Admin meanwhile"
	d.WaitFor("Priya in offer, and why the move was refused", func(v string) bool {
		return boardCounts(v) == "0 0 1 1 0 0 0" && strings.Contains(v, notice)
	})
	// Moving on clears the error about that card.
	d.Key("right")
	d.WaitFor("the error gone", func(v string) bool { return !strings.Contains(v, notice) })
}

// A question about a card someone else changed is withdrawn when the
// board learns of it, with a line that says what happened; a y that
// reaches a question already withdrawn sends nothing. A question about a
// card that stayed put stays open.
func TestPipelineStaleQuestion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(srv *testserver.Server, priya, grace string)
		want   string // "" when the question stays
	}{
		{"Rejected", func(srv *testserver.Server, priya, _ string) {
			srv.Move(testserver.Admin, priya, hiregate.StageRejected)
		}, "Priya Raman was rejected by Avery Admin meanwhile"},
		{"MovedOn", func(srv *testserver.Server, priya, _ string) {
			srv.Move(testserver.Admin, priya, hiregate.StageScreening)
		}, "Priya Raman was moved to screening by Avery Admin meanwhile"},
		{"OtherCard", func(srv *testserver.Server, _, grace string) {
			srv.Move(testserver.Admin, grace, hiregate.StageOffer)
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			id := srv.JobID("Senior Go Engineer")
			priya := srv.ApplicationID(testserver.Candidate, "Senior Go Engineer")
			grace := srv.ApplicationID(testserver.Candidate2, "Senior Go Engineer")
			d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return pipeline.New(c, api, id) })
			d.WaitContains(">Priya Raman")
			d.Key("m")
			d.WaitContains("Move Priya Raman to screening? (y/n)")
			tt.change(srv, priya, grace)
			d.Send(live.EventsMsg{Events: []client.Event{{Type: hiregate.EventApplicationMoved, Data: hiregate.EventData{JobID: id}}}})
			if tt.want == "" {
				d.WaitFor("Grace in offer", func(v string) bool { return boardCounts(v) == "1 0 0 1 0" })
				d.WaitContains("Move Priya Raman to screening? (y/n)")
				d.Key("y")
				d.WaitContains("flash: Priya Raman moved to screening")
				return
			}
			v := d.WaitContains(tt.want)
			if strings.Contains(v, "(y/n)") {
				t.Fatalf("the question stayed beside the notice:\n%s", v)
			}
			d.Key("y")
			d.Key("right")
			d.WaitFor("the notice gone", func(v string) bool { return !strings.Contains(v, tt.want) })
			if n := srv.Requests("PATCH", "/applications/"+priya); n != 0 {
				t.Errorf("y after the question was withdrawn sent %d moves", n)
			}
		})
	}
}

// boardCounts is the line of per-stage counts.
func boardCounts(v string) string {
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if strings.Contains(l, "applied") && strings.Contains(l, "screening") && i+1 < len(lines) {
			return strings.Join(strings.FieldsFunc(lines[i+1], func(r rune) bool { return r == '│' || r == '┃' || r == ' ' }), " ")
		}
	}
	return ""
}

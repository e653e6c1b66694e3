package pipeline_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/pipeline"
	"github.com/hiregate/hiregate/tui/ui"
)

func TestPipeline(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		keys []string
		want []string
	}{
		// At 80 columns four stages fit, names whole, the rest one key
		// away and said so.
		{"Board", 80, 24, nil, []string{"2 applications", ">Priya Raman", "Grace Liu", "3 more: hired, rejected, withdrawn →"}},
		{"ScrollRight", 80, 24, []string{"right", "right", "right", "right", "right", "right"}, []string{"← 3 more: applied, screening, interview", "withdrawn"}},
		{"Wide", 120, 40, nil, []string{"2 applications", "Priya Raman", "Grace Liu"}},
		{"Move", 80, 24, []string{"m", "y"}, []string{"flash: Priya Raman moved to screening"}},
		{"Open", 80, 24, []string{"right", "right", "enter"}, []string{"open application {application Grace Liu/Senior Go Engineer}"}},
		{"Reject", 80, 24, []string{"right", "right", "x", "y"}, []string{"flash: Grace Liu moved to rejected"}},
		// On an empty column the footer offers no m or x.
		{"EmptyColumn", 80, 24, []string{"right", "m"}, []string{"←/h stage • ↓/j card • s sort"}},
		{"SortMatch", 120, 40, []string{"s"}, []string{"best match first", "> 12 Priya Ram…", "  12 Grace Liu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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

// TestPipelineOpensOnCards opens a board whose first column is empty: the
// selection starts on the first card, not on a column where enter, m and
// x do nothing.
func TestPipelineOpensOnCards(t *testing.T) {
	srv := testserver.Demo(t)
	id := srv.JobID("Site Reliability Engineer")
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return pipeline.New(c, api, id) })
	d.WaitContains(">Priya Raman", "enter open", "m next stage")
	golden.RequireEqual(t, []byte(srv.Scrub(d.Quit())))
}

// TestPipelineRefusedMove moves a card someone else has moved meanwhile:
// the server refuses, and the board shows where the card is now, with the
// reason, until the user moves on.
func TestPipelineRefusedMove(t *testing.T) {
	srv := testserver.Demo(t)
	id := srv.JobID("Senior Go Engineer")
	d := srv.Screen(testserver.Recruiter, 120, 40, func(c *ui.Context, api *client.Client) ui.Component { return pipeline.New(c, api, id) })
	d.WaitContains(">Priya Raman")
	// Another recruiter's terminal moves Priya on.
	srv.Move(testserver.Recruiter, srv.ApplicationID(testserver.Candidate, "Senior Go Engineer"), hiregate.StageScreening, hiregate.StageInterview)
	d.Key("m", "y")
	v := d.WaitFor("the board reloaded under the refusal", func(v string) bool {
		return strings.Contains(v, "stages only move forward") && applied(v) == "0"
	})
	if strings.Contains(v, ">Priya Raman") && applied(v) != "0" {
		t.Fatalf("the refused card stays in applied:\n%s", v)
	}
	golden.RequireEqual(t, []byte(srv.Scrub(v)))
	d.Key("right")
	d.WaitFor("the error gone after moving on", func(v string) bool { return !strings.Contains(v, "stages only move forward") })
}

// applied is the count under the "applied" column head.
func applied(v string) string {
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if j := strings.Index(l, "applied"); j >= 0 && i+1 < len(lines) {
			return strings.Trim(strings.Fields(lines[i+1][j:] + " x")[0], "│┃")
		}
	}
	return ""
}

// TestPipelineMoveFollows moves a card: the selection follows it to its
// new column, so the next m moves it again.
func TestPipelineMoveFollows(t *testing.T) {
	srv := testserver.Demo(t)
	id := srv.JobID("Senior Go Engineer")
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return pipeline.New(c, api, id) })
	d.WaitContains(">Priya Raman")
	d.Key("m", "y")
	d.WaitContains("flash: Priya Raman moved to screening")
	d.Key("m")
	d.WaitContains("Move Priya Raman to interview? (y/n)")
}

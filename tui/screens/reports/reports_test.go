package reports_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/reports"
	"github.com/hiregate/hiregate/tui/ui"
)

var weekEnds = regexp.MustCompile(`(\d{4}-W\d{2}) .*?(\d{4}-W\d{2})`)

// The demo data: Dana's Go job has Priya (applied) and Grace (moved to
// screening, then interview); her SRE job has Priya in screening; Marcus
// has no job. Everything fits 80×24.
func TestReports(t *testing.T) {
	t.Parallel()
	shared := testserver.Demo(t)
	tests := []struct {
		name  string
		email string
		keys  []string
		want  []string
	}{
		{"AllMyJobs", testserver.Recruiter, nil, []string{"‹ All my jobs ›", "applied", "3", "→  67%", "2026-W10", "max 3/week"}},
		{"OneJob", testserver.Recruiter, []string{"right"}, []string{"‹ Technical Writer ›", "no applications yet"}},
		{"Admin", testserver.Admin, nil, []string{"‹ All jobs ›", "applied"}},
		{"NoJobs", testserver.Recruiter2, nil, []string{"‹ All my jobs ›", "no applications yet", "nobody has left a stage yet"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := shared.For(t)
			d := srv.Screen(tt.email, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return reports.New(c, api) })
			d.WaitContains("Funnel")
			if tt.email != testserver.Recruiter2 { // the one without jobs
				d.WaitContains("choose a job")
			}
			d.Key(tt.keys...)
			v := d.WaitContains(tt.want...)
			for i, line := range strings.Split(v, "\n") {
				if ansi.StringWidth(line) > 80 {
					t.Errorf("line %d is %d wide: %q", i, ansi.StringWidth(line), line)
				}
				// One week is labelled once, not at both ends of its bar.
				if m := weekEnds.FindStringSubmatch(line); m != nil && m[1] == m[2] {
					t.Errorf("line %d names %s at both ends: %q", i, m[1], line)
				}
			}
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

// Picking a job shows that job's funnel only.
func TestReportsPickJob(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return reports.New(c, api) })
	d.WaitContains("‹ All my jobs ›", "max 3/week", "choose a job")
	for _, title := range []string{"Technical Writer", "Site Reliability Engineer", "Senior Go Engineer"} {
		d.Key("right")
		v := d.WaitContains("‹ "+title+" ›", "Funnel")
		if title == "Technical Writer" && !strings.Contains(v, "no applications yet") {
			t.Errorf("Technical Writer funnel shows applications:\n%s", v)
		}
		if title == "Senior Go Engineer" && !strings.Contains(v, "max 2/week") {
			t.Errorf("Senior Go Engineer funnel does not count 2 applications:\n%s", v)
		}
	}
	d.Key("right")
	d.WaitContains("‹ All my jobs ›", "max 3/week")
}

// j opens a picker that filters the jobs by title as one types; d picks a
// date range, custom dates are checked before they are sent.
func TestReportsPickerAndRange(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	tests := []struct {
		name string
		keys []string
		typ  []string // typed after the keys, each followed by its own keys
		want []string
	}{
		{"SearchJob", []string{"j"}, []string{"relia", "enter"}, []string{"‹ Site Reliability Engineer ›", "Funnel"}},
		// j and k are letters here, not moves: "jk" finds nothing.
		{"LettersNotMoves", []string{"j"}, []string{"jk", "enter"}, []string{"Search: jk", "No job title contains that."}},
		{"AllJobsFirst", []string{"j"}, []string{"", "enter"}, []string{"‹ All my jobs ›", "max 3/week"}},
		{"Last30Days", []string{"d", "down", "enter"}, nil, []string{"Dates last 30 days", "Funnel"}},
		{"CustomEmpty", []string{"d", "down", "down", "down", "enter"}, []string{"2020-01-01", "tab", "2020-01-31", "enter"},
			[]string{"Dates 2020-01-01 – 2020-01-31", "no applications yet"}},
		{"CustomBad", []string{"d", "down", "down", "down", "enter"}, []string{"2026-13-01", "enter"},
			[]string{"From 2026-13-01 is not a date: type YYYY-MM-DD"}},
		{"CustomBackwards", []string{"d", "down", "down", "down", "enter"}, []string{"2026-03-02", "tab", "2026-03-01", "enter"},
			[]string{"ends before it starts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := srv.Screen(testserver.Recruiter, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return reports.New(c, api) })
			d.WaitContains("‹ All my jobs ›", "max 3/week", "choose a job")
			d.Key(tt.keys...)
			for i := 0; i+1 < len(tt.typ); i += 2 {
				if tt.typ[i] != "" {
					d.Type(tt.typ[i])
				}
				d.Key(tt.typ[i+1])
			}
			v := d.WaitContains(tt.want...)
			for i, line := range strings.Split(v, "\n") {
				if ansi.StringWidth(line) > 80 {
					t.Errorf("line %d is %d wide: %q", i, ansi.StringWidth(line), line)
				}
			}
		})
	}
}

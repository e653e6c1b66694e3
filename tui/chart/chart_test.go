package chart_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/chart"
	"github.com/hiregate/hiregate/tui/styles"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

var funnel = hiregate.Funnel{
	Stages: []hiregate.FunnelStage{
		{Status: hiregate.StageApplied, Reached: 100, Current: 20},
		{Status: hiregate.StageScreening, Reached: 50, Current: 10},
		{Status: hiregate.StageInterview, Reached: 20, Current: 5},
		{Status: hiregate.StageOffer, Reached: 5, Current: 1},
		{Status: hiregate.StageHired, Reached: 1, Current: 1},
		{Status: hiregate.StageRejected, Reached: 60, Current: 60},
		{Status: hiregate.StageWithdrawn, Reached: 0, Current: 0},
	},
	Conversion: []hiregate.Conversion{
		{From: hiregate.StageApplied, To: hiregate.StageScreening, Rate: 0.5},
		{From: hiregate.StageScreening, To: hiregate.StageInterview, Rate: 0.4},
		{From: hiregate.StageInterview, To: hiregate.StageOffer, Rate: 0.25},
		{From: hiregate.StageOffer, To: hiregate.StageHired, Rate: 0.2},
	},
	MedianDaysInStage: map[hiregate.Stage]float64{hiregate.StageApplied: 1.75, hiregate.StageScreening: 2.5},
}

func TestFunnel(t *testing.T) {
	got := chart.Funnel(styles.New(true), funnel, 60)
	want := strings.Join([]string{
		"applied   ██████████████████████     100         now 20",
		"screening ███████████                 50 →  50%  now 10",
		"interview ████                        20 →  40%  now 5",
		"offer     █                            5 →  25%  now 1",
		"hired     █                            1 →  20%  now 1",
		"rejected  █████████████               60         now 60",
		"withdrawn                              0         now 0",
	}, "\n")
	if got != want {
		t.Errorf("Funnel(60 cols) =\n%s\nwant\n%s", got, want)
	}
	for _, w := range []int{80, 40, 200} {
		for i, line := range strings.Split(chart.Funnel(styles.New(true), funnel, w), "\n") {
			if n := ansi.StringWidth(line); n > max(w, 10+8+28) {
				t.Errorf("Funnel(%d cols) line %d is %d wide: %q", w, i, n, line)
			}
		}
	}
}

func TestSparkline(t *testing.T) {
	weeks := []hiregate.WeekCount{{Week: "2026-W45", Count: 1}, {Week: "2026-W46", Count: 0}, {Week: "2026-W47", Count: 8}, {Week: "2026-W48", Count: 4}}
	if got, want := chart.Sparkline(weeks, 80), "2026-W45 ▁ █▄ 2026-W48  max 8/week"; got != want {
		t.Errorf("Sparkline = %q, want %q", got, want)
	}
	var many []hiregate.WeekCount
	for i := 0; i < 300; i++ {
		many = append(many, hiregate.WeekCount{Week: "2026-W01", Count: i})
	}
	if got := chart.Sparkline(many, 80); ansi.StringWidth(got) > 80 || !strings.Contains(got, "max 299/week") {
		t.Errorf("Sparkline(300 weeks, 80 cols) = %q (%d wide), want the latest weeks within 80", got, ansi.StringWidth(got))
	}
	if got := chart.Sparkline(nil, 80); got != "no applications yet" {
		t.Errorf("Sparkline(none) = %q", got)
	}
}

func TestMedians(t *testing.T) {
	if got, want := chart.Medians(funnel, 80), "applied 1.8 d · screening 2.5 d"; strings.TrimSpace(got) != want {
		t.Errorf("Medians = %q, want %q", got, want)
	}
	if got := chart.Medians(hiregate.Funnel{}, 80); got != "nobody has left a stage yet" {
		t.Errorf("Medians(none) = %q", got)
	}
}

func TestScoreBar(t *testing.T) {
	tests := []struct {
		score int
		want  string
	}{{0, "░░░░░░░░░░   0"}, {72, "███████░░░  72"}, {100, "██████████ 100"}, {130, "██████████ 100"}, {-5, "░░░░░░░░░░   0"}}
	for _, tt := range tests {
		if got := chart.ScoreBar(styles.New(true), tt.score, 10); got != tt.want {
			t.Errorf("ScoreBar(%d) = %q, want %q", tt.score, got, tt.want)
		}
	}
}

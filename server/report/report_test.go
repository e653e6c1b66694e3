package report_test

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/report"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// d0 is Monday 16 November 2026, 09:00 UTC, in ISO week 2026-W47.
var d0 = time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)

// timeline builds a history from an arrival time and (stage, hours after
// the previous entry) steps.
func timeline(start time.Time, steps ...any) []hiregate.HistoryEntry {
	h := []hiregate.HistoryEntry{{Status: hiregate.StageApplied, At: start}}
	at := start
	for i := 0; i < len(steps); i += 2 {
		at = at.Add(time.Duration(steps[i+1].(int)) * time.Hour)
		h = append(h, hiregate.HistoryEntry{Status: steps[i].(hiregate.Stage), At: at})
	}
	return h
}

// fixture is five applications whose funnel is worked out by hand in
// TestFunnelFixture.
func fixture() [][]hiregate.HistoryEntry {
	day := 24 * time.Hour
	return [][]hiregate.HistoryEntry{
		// A: the whole pipeline.
		timeline(d0, hiregate.StageScreening, 48, hiregate.StageInterview, 72, hiregate.StageOffer, 24, hiregate.StageHired, 24),
		// B: rejected after screening.
		timeline(d0.Add(day), hiregate.StageScreening, 24, hiregate.StageRejected, 6),
		// C: skips screening, then withdraws.
		timeline(d0.Add(2*day), hiregate.StageInterview, 120, hiregate.StageWithdrawn, 48),
		// D and E two weeks later: D untouched, E in screening.
		timeline(d0.Add(14 * day)),
		timeline(d0.Add(15*day), hiregate.StageScreening, 36),
	}
}

func TestFunnelFixture(t *testing.T) {
	got := report.Count(fixture()).Funnel()
	want := hiregate.Funnel{
		Stages: []hiregate.FunnelStage{
			{Status: hiregate.StageApplied, Reached: 5, Current: 1},   // all; D is still there
			{Status: hiregate.StageScreening, Reached: 4, Current: 1}, // A, B, E, and C skipped past it
			{Status: hiregate.StageInterview, Reached: 2, Current: 0}, // A, C
			{Status: hiregate.StageOffer, Reached: 1, Current: 0},     // A
			{Status: hiregate.StageHired, Reached: 1, Current: 1},     // A
			{Status: hiregate.StageRejected, Reached: 1, Current: 1},  // B
			{Status: hiregate.StageWithdrawn, Reached: 1, Current: 1}, // C
		},
		Conversion: []hiregate.Conversion{
			{From: hiregate.StageApplied, To: hiregate.StageScreening, Rate: 0.8},   // 4/5
			{From: hiregate.StageScreening, To: hiregate.StageInterview, Rate: 0.5}, // 2/4
			{From: hiregate.StageInterview, To: hiregate.StageOffer, Rate: 0.5},     // 1/2
			{From: hiregate.StageOffer, To: hiregate.StageHired, Rate: 1},           // 1/1
		},
		MedianDaysInStage: map[hiregate.Stage]float64{
			hiregate.StageApplied:   1.75, // stays 24, 36, 48, 120 h: (36+48)/2 = 42 h
			hiregate.StageScreening: 1.63, // left by A after 72 h, B after 6 h: 39 h = 1.625 d
			hiregate.StageInterview: 1.5,  // A 24 h, C 48 h: 36 h
			hiregate.StageOffer:     1,    // A 24 h
		},
		ApplicationsPerWeek: []hiregate.WeekCount{
			{Week: "2026-W47", Count: 3}, {Week: "2026-W48", Count: 0}, {Week: "2026-W49", Count: 2},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Funnel(fixture) =\n%+v\nwant\n%+v", got, want)
	}
}

func TestFunnelEmpty(t *testing.T) {
	got := report.NewTally().Funnel()
	if len(got.Stages) != len(hiregate.Stages) || len(got.ApplicationsPerWeek) != 0 || len(got.MedianDaysInStage) != 0 {
		t.Fatalf("Funnel(empty) = %+v, want every stage at 0, no weeks, no medians", got)
	}
	for _, c := range got.Conversion {
		if c.Rate != 0 {
			t.Errorf("Funnel(empty) conversion %s→%s = %v, want 0", c.From, c.To, c.Rate)
		}
	}
}

// Weeks across a year boundary: 2026-W53 exists (2026 starts on a Thursday).
func TestFunnelWeeksAcrossYears(t *testing.T) {
	dec28 := time.Date(2026, 12, 28, 12, 0, 0, 0, time.UTC)
	got := report.Count([][]hiregate.HistoryEntry{timeline(dec28), timeline(dec28.AddDate(0, 0, 14))}).Funnel()
	want := []hiregate.WeekCount{{Week: "2026-W53", Count: 1}, {Week: "2027-W01", Count: 0}, {Week: "2027-W02", Count: 1}}
	if !reflect.DeepEqual(got.ApplicationsPerWeek, want) {
		t.Errorf("Funnel weeks = %v, want %v", got.ApplicationsPerWeek, want)
	}
}

func TestDwellBucket(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int
	}{
		{-time.Hour, 0}, {0, 0}, {59 * time.Minute, 0}, {90 * time.Minute, 1},
		{1000 * 24 * time.Hour, report.MaxDwellHours},
	}
	for _, tt := range tests {
		if got := report.DwellBucket(tt.d); got != tt.want {
			t.Errorf("DwellBucket(%v) = %d, want %d", tt.d, got, tt.want)
		}
	}
}

// Adding applications one at a time, in any order, gives the tally of
// counting them all at once (the running counts rely on it).
func TestTallyOrderFree(t *testing.T) {
	apps := fixture()
	rng := rand.New(rand.NewPCG(3, 4))
	want := report.Count(apps).Funnel()
	for i := 0; i < 10; i++ {
		rng.Shuffle(len(apps), func(i, j int) { apps[i], apps[j] = apps[j], apps[i] })
		if got := report.Count(apps).Funnel(); !reflect.DeepEqual(got, want) {
			t.Fatalf("Funnel(shuffled) = %+v, want %+v", got, want)
		}
	}
}

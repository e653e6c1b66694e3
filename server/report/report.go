// Package report computes the hiring funnel.
//
// Both ways the store can answer a funnel end in the same Tally, and one
// function turns a Tally into the API's Funnel, so the figures cannot
// depend on the path taken:
//   - without a date range, the store keeps running counts (updated in the
//     same transaction as every application and move), so the funnel costs
//     the same at a hundred applications and at a million;
//   - with a date range, the store hands over the timelines of the
//     applications that arrived in it and Count tallies them here.
//
// Time in a stage is kept to the hour (an hour histogram per stage), which
// is what running counts can afford; medians are exact to that resolution.
package report

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// MaxDwellHours is the last bucket of the time-in-stage histogram: a stay
// of a year or more counts as a year.
const MaxDwellHours = 366 * 24

// Tally is what a funnel is computed from.
type Tally struct {
	Reached map[hiregate.Stage]int
	Current map[hiregate.Stage]int
	// DwellHours holds, per stage, how many stays in it lasted h whole
	// hours (keys 0..MaxDwellHours).
	DwellHours map[hiregate.Stage]map[int]int
	// Weeks counts new applications per ISO week ("2026-W47").
	Weeks map[string]int
}

// NewTally returns an empty tally.
func NewTally() *Tally {
	return &Tally{
		Reached:    map[hiregate.Stage]int{},
		Current:    map[hiregate.Stage]int{},
		DwellHours: map[hiregate.Stage]map[int]int{},
		Weeks:      map[string]int{},
	}
}

// DwellBucket returns the histogram bucket of a stay of length d.
func DwellBucket(d time.Duration) int {
	if d < 0 {
		return 0
	}
	return int(min(d/time.Hour, MaxDwellHours))
}

// Rank is a stage's position in the pipeline (applied = 0), -1 for the
// exits.
func Rank(s hiregate.Stage) int {
	for i, p := range hiregate.Pipeline {
		if p == s {
			return i
		}
	}
	return -1
}

// Add counts one application from its history, oldest entry first (the
// first entry is its arrival).
func (t *Tally) Add(history []hiregate.HistoryEntry) {
	if len(history) == 0 {
		return
	}
	t.Weeks[hiregate.ISOWeek(history[0].At)]++
	best := -1
	for i, h := range history {
		if r := Rank(h.Status); r > best {
			best = r
		}
		if i > 0 {
			prev := history[i-1]
			t.addDwell(prev.Status, DwellBucket(h.At.Sub(prev.At)))
		}
	}
	for r := 0; r <= best; r++ {
		t.Reached[hiregate.Pipeline[r]]++
	}
	last := history[len(history)-1].Status
	t.Current[last]++
	if Rank(last) < 0 {
		t.Reached[last]++
	}
}

func (t *Tally) addDwell(s hiregate.Stage, bucket int) {
	m := t.DwellHours[s]
	if m == nil {
		m = map[int]int{}
		t.DwellHours[s] = m
	}
	m[bucket]++
}

// Count tallies applications from their histories.
func Count(histories [][]hiregate.HistoryEntry) *Tally {
	t := NewTally()
	for _, h := range histories {
		t.Add(h)
	}
	return t
}

// Funnel turns a tally into the API's funnel.
func (t *Tally) Funnel() hiregate.Funnel {
	f := hiregate.Funnel{
		Stages:              make([]hiregate.FunnelStage, 0, len(hiregate.Stages)),
		Conversion:          make([]hiregate.Conversion, 0, len(hiregate.Pipeline)-1),
		MedianDaysInStage:   map[hiregate.Stage]float64{},
		ApplicationsPerWeek: weeks(t.Weeks),
	}
	for _, s := range hiregate.Stages {
		f.Stages = append(f.Stages, hiregate.FunnelStage{Status: s, Reached: t.Reached[s], Current: t.Current[s]})
	}
	for i := 1; i < len(hiregate.Pipeline); i++ {
		from, to := hiregate.Pipeline[i-1], hiregate.Pipeline[i]
		rate := 0.0
		if n := t.Reached[from]; n > 0 {
			rate = math.Round(10000*float64(t.Reached[to])/float64(n)) / 10000
		}
		f.Conversion = append(f.Conversion, hiregate.Conversion{From: from, To: to, Rate: rate})
	}
	for _, s := range hiregate.Stages {
		if h, ok := median(t.DwellHours[s]); ok {
			f.MedianDaysInStage[s] = math.Round(100*h/24) / 100
		}
	}
	return f
}

// median returns the median of a histogram, averaging the two middle
// values of an even count.
func median(hist map[int]int) (float64, bool) {
	n := 0
	keys := make([]int, 0, len(hist))
	for k, c := range hist {
		if c > 0 {
			keys = append(keys, k)
			n += c
		}
	}
	if n == 0 {
		return 0, false
	}
	sort.Ints(keys)
	at := func(i int) int { // the i-th smallest value (0-based)
		for _, k := range keys {
			if i < hist[k] {
				return k
			}
			i -= hist[k]
		}
		return keys[len(keys)-1]
	}
	if n%2 == 1 {
		return float64(at(n / 2)), true
	}
	return float64(at(n/2-1)+at(n/2)) / 2, true
}

// weeks lists the weeks from the first to the last with applications,
// filling the gaps with zeros.
func weeks(counts map[string]int) []hiregate.WeekCount {
	out := []hiregate.WeekCount{}
	if len(counts) == 0 {
		return out
	}
	names := make([]string, 0, len(counts))
	for w := range counts {
		names = append(names, w)
	}
	sort.Strings(names)
	first, ok1 := weekStart(names[0])
	last, ok2 := weekStart(names[len(names)-1])
	if !ok1 || !ok2 {
		for _, w := range names {
			out = append(out, hiregate.WeekCount{Week: w, Count: counts[w]})
		}
		return out
	}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 7) {
		w := hiregate.ISOWeek(d)
		out = append(out, hiregate.WeekCount{Week: w, Count: counts[w]})
	}
	return out
}

// weekStart returns the Monday of an ISO week name.
func weekStart(name string) (time.Time, bool) {
	var y, w int
	if n, err := fmt.Sscanf(name, "%d-W%d", &y, &w); err != nil || n != 2 || w < 1 || w > 53 {
		return time.Time{}, false
	}
	// 4 January is always in week 1.
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w-1)), true
}

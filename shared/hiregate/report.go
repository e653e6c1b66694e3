package hiregate

import (
	"fmt"
	"time"
)

// Funnel is the body of GET /reports/funnel: how applications move through
// the pipeline for the jobs in scope.
type Funnel struct {
	// Stages lists every stage in order: how many applications reached it
	// (passing through it counts, skipping forward past it too) and how
	// many are in it now.
	Stages []FunnelStage `json:"stages"`
	// Conversion is, for each step of the pipeline, the share of the
	// applications that reached From which also reached To (0 when none
	// reached From).
	Conversion []Conversion `json:"conversion"`
	// MedianDaysInStage is, per stage that applications have left, the
	// median time spent in it, in days (to the hour).
	MedianDaysInStage map[Stage]float64 `json:"median_days_in_stage"`
	// ApplicationsPerWeek counts new applications per ISO week, from the
	// first week with one to the last, empty weeks included.
	ApplicationsPerWeek []WeekCount `json:"applications_per_week"`
}

// FunnelStage is one stage of a Funnel.
type FunnelStage struct {
	Status  Stage `json:"status"`
	Reached int   `json:"reached"`
	Current int   `json:"current"`
}

// Conversion is the rate from one pipeline stage to the next.
type Conversion struct {
	From Stage   `json:"from"`
	To   Stage   `json:"to"`
	Rate float64 `json:"rate"`
}

// WeekCount is the number of applications in one ISO week ("2026-W47").
type WeekCount struct {
	Week  string `json:"week"`
	Count int    `json:"count"`
}

// FunnelFilter scopes a funnel. RecruiterID limits it to that recruiter's
// jobs (set by the server for recruiters); JobID to one job. From and To
// (inclusive dates, UTC) select applications by when they arrived.
type FunnelFilter struct {
	JobID       string
	RecruiterID string
	From        time.Time
	To          time.Time
}

// Dated reports whether the filter selects by arrival date.
func (f FunnelFilter) Dated() bool { return !f.From.IsZero() || !f.To.IsZero() }

// ISOWeek names the ISO 8601 week of t (in UTC), such as "2026-W47".
func ISOWeek(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// ParseFunnelDates parses the from/to query parameters (YYYY-MM-DD, both
// optional) into the start of from's day and the end of to's day.
func ParseFunnelDates(from, to string) (time.Time, time.Time, error) {
	f := map[string]string{}
	var start, end time.Time
	if from != "" {
		d, err := time.Parse(time.DateOnly, from)
		if err != nil {
			f["from"] = "must be a date, YYYY-MM-DD"
		}
		start = d
	}
	if to != "" {
		d, err := time.Parse(time.DateOnly, to)
		if err != nil {
			f["to"] = "must be a date, YYYY-MM-DD"
		} else {
			end = d.Add(24*time.Hour - time.Nanosecond)
		}
	}
	if len(f) == 0 && !start.IsZero() && !end.IsZero() && end.Before(start) {
		f["to"] = "must not be before from"
	}
	if len(f) > 0 {
		return time.Time{}, time.Time{}, ValidationError(f)
	}
	return start, end, nil
}

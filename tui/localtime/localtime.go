// Package localtime is how the terminal client reads and shows the times
// of interviews: typed as a date and a clock time in the user's own zone
// (the terminal's TZ), shown back with the zone's name, sent in UTC.
package localtime

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// The layouts a user types and reads.
const (
	DateLayout  = "2006-01-02"
	ClockLayout = "15:04"
)

// Errors of Parse, in words fit to show next to the field.
var (
	ErrDate  = errors.New("type a date as YYYY-MM-DD")
	ErrClock = errors.New("type a time as HH:MM (24-hour)")
	// ErrGap is a clock time the zone skips (the hour clocks jump forward).
	ErrGap = errors.New("that time does not exist here (clocks change): pick another")
)

// Parse reads date (YYYY-MM-DD) and clock (HH:MM, or H:MM) as a wall time
// in loc and returns that instant in UTC. A time the zone skips when the
// clocks go forward is refused rather than silently shifted; a time that
// happens twice when they go back is taken at its first occurrence, as
// calendars do.
func Parse(date, clock string, loc *time.Location) (time.Time, error) {
	d, err := time.Parse(DateLayout, strings.TrimSpace(date))
	if err != nil {
		return time.Time{}, ErrDate
	}
	clock = strings.TrimSpace(clock)
	if len(clock) == 4 && clock[1] == ':' {
		clock = "0" + clock
	}
	c, err := time.Parse(ClockLayout, clock)
	if err != nil {
		return time.Time{}, ErrClock
	}
	t := time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), 0, 0, loc)
	if t.Hour() != c.Hour() || t.Minute() != c.Minute() {
		return time.Time{}, ErrGap
	}
	// Go may pick either occurrence of a repeated wall time; an hour
	// earlier showing the same wall time is the first.
	if e := t.Add(-time.Hour); e.Hour() == t.Hour() && e.Minute() == t.Minute() {
		t = e
	}
	return t.UTC(), nil
}

// Fields is the date and the clock time of t in loc, as Parse reads them.
func Fields(t time.Time, loc *time.Location) (date, clock string) {
	t = t.In(loc)
	return t.Format(DateLayout), t.Format(ClockLayout)
}

// Zone is the name of loc's zone at t ("CET", "CEST"), or its offset
// ("+0530") where the zone has no abbreviation.
func Zone(t time.Time, loc *time.Location) string {
	name, _ := t.In(loc).Zone()
	if name == "" || name[0] == '+' || name[0] == '-' {
		return t.In(loc).Format("-0700")
	}
	return name
}

// Span shows an interview's time in loc: "Thu 2026-03-05 14:30–15:15 CET".
func Span(start time.Time, minutes int, loc *time.Location) string {
	s := start.In(loc)
	e := s.Add(time.Duration(minutes) * time.Minute)
	end := e.Format(ClockLayout)
	if !sameDay(s, e) {
		end = e.Format("Mon " + ClockLayout)
	}
	return fmt.Sprintf("%s %s–%s %s", s.Format("Mon "+DateLayout), s.Format(ClockLayout), end, Zone(start, loc))
}

// Day says how the day of t stands to now's, both in loc: "today",
// "tomorrow", "yesterday", or "" for any other day.
func Day(t, now time.Time, loc *time.Location) string {
	a, b := t.In(loc), now.In(loc)
	switch {
	case sameDay(a, b):
		return "today"
	case sameDay(a, b.AddDate(0, 0, 1)):
		return "tomorrow"
	case sameDay(a, b.AddDate(0, 0, -1)):
		return "yesterday"
	}
	return ""
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Minutes reads a duration typed as minutes ("45"), hours and minutes
// ("1h30", "1h30m", "1:30") or hours ("2h").
func Minutes(v string) (int, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	bad := errors.New("type minutes (45) or hours and minutes (1h30)")
	if v == "" {
		return 0, bad
	}
	if h, m, ok := strings.Cut(v, ":"); ok {
		v = h + "h" + m + "m"
	}
	if strings.Contains(v, "h") && !strings.HasSuffix(v, "h") && !strings.HasSuffix(v, "m") {
		v += "m"
	}
	if !strings.ContainsAny(v, "hm") {
		v += "m"
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 || d%time.Minute != 0 {
		return 0, bad
	}
	return int(d / time.Minute), nil
}

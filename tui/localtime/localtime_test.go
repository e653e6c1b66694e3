package localtime_test

import (
	"errors"
	"testing"
	"time"

	"github.com/hiregate/hiregate/tui/localtime"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zone data for %s: %v", name, err)
	}
	return loc
}

func TestParse(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	kolkata := zone(t, "Asia/Kolkata")
	tests := []struct {
		name, date, clock string
		loc               *time.Location
		want              time.Time
		err               error
	}{
		{"Winter", "2026-03-05", "14:30", berlin, time.Date(2026, 3, 5, 13, 30, 0, 0, time.UTC), nil},
		{"Summer", "2026-07-01", "09:00", berlin, time.Date(2026, 7, 1, 7, 0, 0, 0, time.UTC), nil},
		{"ShortHour", "2026-03-05", "9:05", berlin, time.Date(2026, 3, 5, 8, 5, 0, 0, time.UTC), nil},
		{"HalfHourZone", "2026-03-05", "10:00", kolkata, time.Date(2026, 3, 5, 4, 30, 0, 0, time.UTC), nil},
		{"Spaces", " 2026-03-05 ", " 14:30 ", time.UTC, time.Date(2026, 3, 5, 14, 30, 0, 0, time.UTC), nil},
		// 02:30 on the last Sunday of March does not exist in Berlin.
		{"Gap", "2026-03-29", "02:30", berlin, time.Time{}, localtime.ErrGap},
		// 02:30 on the last Sunday of October happens twice: the first.
		{"Twice", "2026-10-25", "02:30", berlin, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), nil},
		{"BadDate", "05.03.2026", "14:30", berlin, time.Time{}, localtime.ErrDate},
		{"NoDay", "2026-02-30", "14:30", berlin, time.Time{}, localtime.ErrDate},
		{"BadClock", "2026-03-05", "2pm", berlin, time.Time{}, localtime.ErrClock},
		{"LateClock", "2026-03-05", "24:00", berlin, time.Time{}, localtime.ErrClock},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := localtime.Parse(tt.date, tt.clock, tt.loc)
			if !errors.Is(err, tt.err) || !got.Equal(tt.want) {
				t.Fatalf("Parse(%q, %q) = %v, %v; want %v, %v", tt.date, tt.clock, got, err, tt.want, tt.err)
			}
			if err == nil && got.Location() != time.UTC {
				t.Errorf("Parse(%q, %q) is in %v, want UTC", tt.date, tt.clock, got.Location())
			}
		})
	}
}

func TestSpan(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	kolkata := zone(t, "Asia/Kolkata")
	start := time.Date(2026, 3, 5, 13, 30, 0, 0, time.UTC)
	tests := []struct {
		name    string
		start   time.Time
		minutes int
		loc     *time.Location
		want    string
	}{
		{"Berlin", start, 45, berlin, "Thu 2026-03-05 14:30–15:15 CET"},
		{"Summer", time.Date(2026, 7, 1, 7, 0, 0, 0, time.UTC), 60, berlin, "Wed 2026-07-01 09:00–10:00 CEST"},
		{"UTC", start, 30, time.UTC, "Thu 2026-03-05 13:30–14:00 UTC"},
		{"Offset", start, 30, kolkata, "Thu 2026-03-05 19:00–19:30 IST"},
		{"PastMidnight", time.Date(2026, 3, 5, 22, 30, 0, 0, time.UTC), 60, berlin, "Thu 2026-03-05 23:30–Fri 00:30 CET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := localtime.Span(tt.start, tt.minutes, tt.loc); got != tt.want {
				t.Errorf("Span = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDay(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	now := time.Date(2026, 3, 5, 22, 30, 0, 0, time.UTC) // 23:30 in Berlin
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC), "today"},
		// Past midnight in Berlin, still the 5th in UTC.
		{time.Date(2026, 3, 5, 23, 30, 0, 0, time.UTC), "tomorrow"},
		{time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC), "yesterday"},
		{time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC), ""},
	}
	for _, tt := range tests {
		if got := localtime.Day(tt.t, now, berlin); got != tt.want {
			t.Errorf("Day(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestMinutes(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"45", 45, true}, {"1h30", 90, true}, {"1h30m", 90, true}, {"1:30", 90, true}, {"2h", 120, true},
		{" 60 ", 60, true}, {"", 0, false}, {"0", 0, false}, {"-5", 0, false}, {"abc", 0, false}, {"1.5", 0, false},
	}
	for _, tt := range tests {
		got, err := localtime.Minutes(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("Minutes(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

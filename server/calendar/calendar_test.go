package calendar_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hiregate/hiregate/server/calendar"
)

// prop is one unfolded content line, its TEXT value unescaped.
type prop struct {
	name   string
	params map[string]string
	value  string
}

// parse is a strict RFC 5545 reader, written apart from the library that
// writes the calendar: CRLF only, physical lines of at most 75 octets that
// are valid UTF-8 each (no character split by a fold), folds of one space,
// parameters and escapes as the grammar has them.
func parse(t *testing.T, b []byte) []prop {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatal("calendar does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	var logical []string
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("bare CR or LF in %q", l)
		}
		if len(l) > 75 {
			t.Fatalf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Fatalf("fold splits a character: %q", l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(logical) == 0 {
				t.Fatal("continuation line first")
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	var out []prop
	for _, l := range logical {
		p := prop{params: map[string]string{}}
		// The name and parameters end at the first ':' outside quotes.
		inQ, cut := false, -1
		for i, r := range l {
			if r == '"' {
				inQ = !inQ
			}
			if r == ':' && !inQ {
				cut = i
				break
			}
		}
		if cut < 0 {
			t.Fatalf("no value in %q", l)
		}
		head := l[:cut]
		parts := strings.Split(head, ";")
		p.name = parts[0]
		for _, kv := range parts[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("bad parameter %q", kv)
			}
			if strings.HasPrefix(v, `"`) {
				if !strings.HasSuffix(v, `"`) || strings.Count(v, `"`) != 2 {
					t.Fatalf("bad quoted parameter %q", kv)
				}
				v = v[1 : len(v)-1]
			}
			p.params[k] = v
		}
		raw := l[cut+1:]
		var sb strings.Builder
		for i := 0; i < len(raw); i++ {
			c := raw[i]
			if c == '\\' && i+1 < len(raw) {
				i++
				switch raw[i] {
				case 'n', 'N':
					sb.WriteByte('\n')
				case '\\', ';', ',':
					sb.WriteByte(raw[i])
				default:
					t.Fatalf("bad escape in %q", l)
				}
				continue
			}
			if (c == ';' || c == ',') && isText(p.name) {
				t.Fatalf("unescaped %q in TEXT value %q", c, l)
			}
			sb.WriteByte(c)
		}
		p.value = sb.String()
		out = append(out, p)
	}
	return out
}

func isText(name string) bool {
	switch name {
	case "SUMMARY", "DESCRIPTION", "LOCATION":
		return true
	}
	return false
}

func get(ps []prop, name string) []prop {
	var out []prop
	for _, p := range ps {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

func one(t *testing.T, ps []prop, name string) prop {
	t.Helper()
	g := get(ps, name)
	if len(g) != 1 {
		t.Fatalf("%d %s, want 1", len(g), name)
	}
	return g[0]
}

func TestInviteParsesBack(t *testing.T) {
	start := time.Date(2026, 12, 8, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	long := strings.Repeat("Ünïcødé, naïve; café\\ ", 8)
	tests := []struct {
		name string
		ev   calendar.Event
	}{
		{"Plain", calendar.Event{Summary: "Interview: Go developer", Location: "Room 1"}},
		{"Escapes", calendar.Event{Summary: "Interview, round 1; Go\\Rust", Description: "line one\nline two, with; all\\of it",
			Location: "Straße 5, Berlin; 2nd floor"}},
		{"LongNonASCII", calendar.Event{Summary: long, Description: long + "\n" + long, Location: "Zürich, " + strings.Repeat("é", 100)}},
		{"Cancelled", calendar.Event{Summary: "Interview", Cancelled: true, URL: "https://meet.example.com/abc?x=1,2;3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := tt.ev
			ev.UID, ev.Sequence = calendar.UID("iv1", "example.com"), 3
			ev.Start, ev.End, ev.Stamp = start, start.Add(45*time.Minute), start.Add(-time.Hour)
			ev.Organizer = calendar.Person{Name: `Rita "R" Recruiter`, Email: "rita@example.com"}
			ev.Attendees = []calendar.Person{{Name: "Cara, Candidate", Email: "cara@example.com"}, {Name: "Ivan Ïnterviewer", Email: "ivan@example.com"}}
			ps := parse(t, ev.ICS())
			if ps[0].name != "BEGIN" || ps[0].value != "VCALENDAR" || ps[len(ps)-1].value != "VCALENDAR" {
				t.Fatalf("not one VCALENDAR: %v .. %v", ps[0], ps[len(ps)-1])
			}
			if b := get(ps, "BEGIN"); len(b) != 2 || b[1].value != "VEVENT" {
				t.Fatalf("BEGIN lines %v, want VCALENDAR and one VEVENT", b)
			}
			want := map[string]string{
				"METHOD": ev.Method(), "VERSION": "2.0", "UID": "iv1@example.com", "SEQUENCE": "3",
				"DTSTART": "20261208T083000Z", "DTEND": "20261208T091500Z", "SUMMARY": strings.Join(strings.Fields(ev.Summary), " "),
				"ORGANIZER": "mailto:rita@example.com",
			}
			if ev.Cancelled {
				want["STATUS"] = "CANCELLED"
			}
			for name, v := range want {
				if got := one(t, ps, name).value; got != v {
					t.Errorf("%s = %q, want %q", name, got, v)
				}
			}
			if ev.Description != "" {
				if got := one(t, ps, "DESCRIPTION").value; got != ev.Description {
					t.Errorf("DESCRIPTION = %q, want %q", got, ev.Description)
				}
			}
			if ev.Location != "" {
				if got := one(t, ps, "LOCATION").value; got != ev.Location {
					t.Errorf("LOCATION = %q, want %q", got, ev.Location)
				}
			}
			att := get(ps, "ATTENDEE")
			if len(att) != 2 || att[0].value != "mailto:cara@example.com" || att[0].params["CN"] != "Cara Candidate" ||
				att[1].params["CN"] != "Ivan Ïnterviewer" {
				t.Errorf("attendees %+v", att)
			}
			if cn := one(t, ps, "ORGANIZER").params["CN"]; cn != "Rita ’R’ Recruiter" {
				t.Errorf("organizer CN %q", cn)
			}
		})
	}
}

func TestUIDStableSequenceRaised(t *testing.T) {
	at := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	var uids []string
	for seq := 0; seq < 3; seq++ {
		ev := calendar.Event{UID: calendar.UID("iv9", "h"), Sequence: seq, Start: at.Add(time.Duration(seq) * time.Hour),
			End: at.Add(time.Duration(seq)*time.Hour + 30*time.Minute), Stamp: at, Summary: "x",
			Organizer: calendar.Person{Name: "o", Email: "o@x"}, Cancelled: seq == 2}
		ps := parse(t, ev.ICS())
		uids = append(uids, one(t, ps, "UID").value)
		if got := one(t, ps, "SEQUENCE").value; got != fmt.Sprint(seq) {
			t.Errorf("SEQUENCE %s, want %d", got, seq)
		}
	}
	if uids[0] != uids[1] || uids[1] != uids[2] {
		t.Errorf("UIDs differ: %v", uids)
	}
}

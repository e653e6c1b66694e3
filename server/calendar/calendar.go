// Package calendar writes the iCalendar (RFC 5545) invite of an interview:
// one VEVENT whose UID stays the same for the interview's life and whose
// SEQUENCE rises with every change, so that calendar programs replace the
// copy they hold; METHOD:REQUEST while it is on, METHOD:CANCEL once it is
// off (RFC 5546). Times are UTC.
package calendar

import (
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// The methods of an invite (RFC 5546), also the method parameter of the
// mail part that carries it.
const (
	MethodRequest = "REQUEST"
	MethodCancel  = "CANCEL"
)

// ProductID names the program that wrote the calendar.
const ProductID = "-//hiregate//interviews//EN"

// Person is an organizer or attendee.
type Person struct {
	Name, Email string
}

// Event is what an invite says about one interview.
type Event struct {
	// UID is the interview's stable identifier (see UID).
	UID       string
	Sequence  int
	Cancelled bool
	Start     time.Time
	End       time.Time
	// Stamp is when this version was made (DTSTAMP).
	Stamp       time.Time
	Summary     string
	Description string
	Location    string
	URL         string
	Organizer   Person
	Attendees   []Person
}

// UID is the calendar UID of an interview: the same for every version of
// its invite, unique across servers with the same host name.
func UID(interviewID, host string) string {
	if host == "" {
		host = "hiregate"
	}
	return interviewID + "@" + host
}

// Method is the invite's METHOD.
func (e *Event) Method() string {
	if e.Cancelled {
		return MethodCancel
	}
	return MethodRequest
}

// ICS returns the calendar: CRLF line ends, lines folded at 75 octets,
// text escaped (the library's serialiser does both).
func (e *Event) ICS() []byte {
	cal := ics.NewCalendar()
	cal.SetProductId(ProductID)
	cal.SetMethod(ics.Method(e.Method()))
	ev := cal.AddEvent(e.UID)
	ev.SetSequence(e.Sequence)
	ev.SetDtStampTime(e.Stamp.UTC())
	ev.SetStartAt(e.Start.UTC())
	ev.SetEndAt(e.End.UTC())
	ev.SetSummary(oneLine(e.Summary))
	if e.Description != "" {
		ev.SetDescription(e.Description)
	}
	if e.Location != "" {
		ev.SetLocation(oneLine(e.Location))
	}
	if e.URL != "" {
		ev.SetURL(e.URL)
	}
	if e.Cancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	ev.SetOrganizer("mailto:"+e.Organizer.Email, ics.WithCN(cn(e.Organizer.Name)))
	for _, a := range e.Attendees {
		ev.AddAttendee("mailto:"+a.Email, ics.WithCN(cn(a.Name)),
			ics.CalendarUserTypeIndividual, ics.ParticipationRoleReqParticipant,
			ics.ParticipationStatusNeedsAction, ics.WithRSVP(!e.Cancelled))
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows))
}

// cn is a name fit for a CN parameter. RFC 5545 has no escapes in
// parameter values, but the library writes a backslash before , ; : \ ' and
// " in unquoted ones, which strict readers keep as part of the name; so
// those characters are replaced by ones that need no escape.
func cn(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '\'' || r == '"':
			return '’'
		case r == '\\':
			return '/'
		case r == ',' || r == ';' || r == ':' || r < ' ' || r == 0x7f:
			return ' '
		}
		return r
	}, name)
	return oneLine(name)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

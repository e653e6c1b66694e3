package client

import (
	"bufio"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Limits on what the event-stream parser accepts: a hostile or broken
// server cannot make the client buffer without end.
const (
	maxSSELine = 64 << 10
	maxSSEData = 1 << 20
)

var errSSETooLong = errors.New("event stream: line or event too long")

// sseEvent is one dispatched event of a text/event-stream.
type sseEvent struct {
	id   string // the last event id after this event
	typ  string // "message" when the server named none
	data string
}

// sseParser reads a text/event-stream as the WHATWG HTML standard
// (§9.2.6) says: lines end with CRLF, LF or CR; a blank line dispatches;
// "id" without NUL sets the last event id even when no data follows;
// comments and unknown fields are ignored.
type sseParser struct {
	r *bufio.Reader
	// lastID is the id of the last event dispatched; idBuf the id read
	// since, which counts only once its event is complete: an event cut
	// off by a dropped connection must be asked for again.
	lastID, idBuf string
	// retry is the reconnection delay the server asked for (0: none).
	retry time.Duration
	// skipLF is set after a CR: an LF right after it ends no second line.
	skipLF  bool
	started bool
	line    []byte
}

func newSSEParser(r *bufio.Reader, lastID string) *sseParser {
	return &sseParser{r: r, lastID: lastID, idBuf: lastID}
}

// readLine returns the next line without its ending. A line cut off by the
// end of the stream is never returned: the standard discards it.
func (p *sseParser) readLine() (string, error) {
	p.line = p.line[:0]
	for {
		b, err := p.r.ReadByte()
		if err != nil {
			return "", err
		}
		if p.skipLF {
			p.skipLF = false
			if b == '\n' {
				continue
			}
		}
		switch b {
		case '\r':
			p.skipLF = true
			return p.take(), nil
		case '\n':
			return p.take(), nil
		}
		if len(p.line) >= maxSSELine {
			return "", errSSETooLong
		}
		p.line = append(p.line, b)
	}
}

func (p *sseParser) take() string {
	s := string(p.line)
	if !p.started {
		p.started = true
		s = strings.TrimPrefix(s, "\uFEFF")
	}
	return s
}

// next returns the next event. idle, when set, is called for every line
// read, comments included, so a caller can tell a live connection from a
// dead one.
func (p *sseParser) next(idle func()) (sseEvent, error) {
	var (
		typ, data strings.Builder
		hasData   bool
	)
	for {
		line, err := p.readLine()
		if err != nil {
			return sseEvent{}, err
		}
		if idle != nil {
			idle()
		}
		if line == "" {
			p.lastID = p.idBuf
			if !hasData {
				typ.Reset()
				continue
			}
			ev := sseEvent{id: p.lastID, typ: typ.String(), data: strings.TrimSuffix(data.String(), "\n")}
			if ev.typ == "" {
				ev.typ = "message"
			}
			return ev, nil
		}
		if line[0] == ':' {
			continue
		}
		field, value, found := strings.Cut(line, ":")
		if found {
			value = strings.TrimPrefix(value, " ")
		}
		switch field {
		case "event":
			typ.Reset()
			typ.WriteString(value)
		case "data":
			if data.Len()+len(value)+1 > maxSSEData {
				return sseEvent{}, errSSETooLong
			}
			data.WriteString(value)
			data.WriteByte('\n')
			hasData = true
		case "id":
			if !strings.ContainsRune(value, 0) {
				p.idBuf = value
			}
		case "retry":
			if n, err := strconv.ParseUint(value, 10, 32); err == nil && value != "" && strings.Trim(value, "0123456789") == "" {
				p.retry = time.Duration(n) * time.Millisecond
			}
		}
	}
}

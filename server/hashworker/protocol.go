// Package hashworker computes bcrypt hashes in a child process: the
// running binary re-executed (Self) at a lower scheduling priority, one
// request at a time over its stdin and stdout. Any binary that links this
// package, a test binary included, turns into a worker in this package's
// init when started that way, so nothing outside it has to dispatch.
//
// Hashing in-process at a lower thread priority still made the server's
// requests wait for the hashing threads: the garbage collector's
// stop-the-world phases must stop every thread running Go code, and the
// kernel schedules a nice-10 thread last (docs/PERFORMANCE.md). A child
// process has a runtime of its own, so the server's never waits for it.
//
// The password travels only through the pipe: never in argv, never in
// the child's environment, never in a log.
package hashworker

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Operations a request asks for.
const (
	opGenerate byte = 1 // bcrypt.GenerateFromPassword(password, cost)
	opCompare  byte = 2 // bcrypt.CompareHashAndPassword(hash, password)
)

// Statuses of a response.
const (
	statusOK       byte = 0 // generate: the body is the hash; compare: a match
	statusMismatch byte = 1 // compare: not a match
	statusError    byte = 2 // the body is bcrypt's error message
)

// Frames are a 2-byte big-endian length and that many bytes. A request
// body is op, cost, the password's length, the password and the hash (the
// rest); a response body is a status and its payload. Both are bounded:
// bcrypt reads at most 72 password bytes and its hashes are 60 bytes, so
// anything longer is a broken peer, not a request.
const (
	maxField = 255
	maxFrame = 3 + 2*maxField
)

type request struct {
	op       byte
	cost     byte
	password []byte
	hash     []byte
}

type response struct {
	status byte
	body   []byte
}

var errFrame = errors.New("hashworker: malformed frame")

func writeFrame(w io.Writer, body []byte) error {
	if len(body) > maxFrame {
		return fmt.Errorf("hashworker: frame of %d bytes, at most %d", len(body), maxFrame)
	}
	buf := make([]byte, 2+len(body))
	binary.BigEndian.PutUint16(buf, uint16(len(body)))
	copy(buf[2:], body)
	_, err := w.Write(buf)
	clear(buf) // it may hold a password
	return err
}

// readFrame reads one frame into buf (at least maxFrame bytes) and returns
// its body. io.EOF means the peer closed between frames.
func readFrame(r io.Reader, buf []byte) ([]byte, error) {
	var n [2]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	size := int(binary.BigEndian.Uint16(n[:]))
	if size > maxFrame {
		return nil, errFrame
	}
	if _, err := io.ReadFull(r, buf[:size]); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return buf[:size], nil
}

func (q request) encode() ([]byte, error) {
	if len(q.password) > maxField || len(q.hash) > maxField {
		return nil, errFrame
	}
	b := make([]byte, 0, 3+len(q.password)+len(q.hash))
	b = append(b, q.op, q.cost, byte(len(q.password)))
	b = append(b, q.password...)
	return append(b, q.hash...), nil
}

func decodeRequest(b []byte) (request, error) {
	if len(b) < 3 {
		return request{}, errFrame
	}
	q := request{op: b[0], cost: b[1]}
	n := int(b[2])
	if len(b)-3 < n || len(b)-3-n > maxField {
		return request{}, errFrame
	}
	q.password, q.hash = b[3:3+n], b[3+n:]
	switch {
	case q.op == opGenerate && len(q.hash) == 0, q.op == opCompare:
		return q, nil
	}
	return request{}, errFrame
}

func (p response) encode() []byte {
	return append([]byte{p.status}, p.body...)
}

func decodeResponse(b []byte) (response, error) {
	if len(b) < 1 || b[0] > statusError || len(b)-1 > maxField {
		return response{}, errFrame
	}
	return response{status: b[0], body: b[1:]}, nil
}

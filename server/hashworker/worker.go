package hashworker

import (
	"bufio"
	"errors"
	"io"

	"golang.org/x/crypto/bcrypt"
)

// Command is the hidden subcommand that runs Serve.
const Command = "hash-worker"

// Serve answers requests from r on w, one at a time, until r ends. It is
// the body of `hiregate hash-worker`; a malformed request ends it with an
// error (the server then starts another worker).
func Serve(r io.Reader, w io.Writer) error {
	in, out := bufio.NewReader(r), bufio.NewWriter(w)
	buf := make([]byte, maxFrame)
	for {
		body, err := readFrame(in, buf)
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		q, err := decodeRequest(body)
		if err != nil {
			return err
		}
		p := answer(q)
		clear(buf)
		if err := writeFrame(out, p.encode()); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
}

func answer(q request) response {
	var err error
	switch q.op {
	case opGenerate:
		var h []byte
		if h, err = bcrypt.GenerateFromPassword(q.password, int(q.cost)); err == nil {
			return response{status: statusOK, body: h}
		}
	default:
		err = bcrypt.CompareHashAndPassword(q.hash, q.password)
		if err == nil {
			return response{status: statusOK}
		} else if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			return response{status: statusMismatch}
		}
	}
	// bcrypt's messages name costs and hash prefixes, never the password.
	msg := err.Error()
	if len(msg) > maxField {
		msg = msg[:maxField]
	}
	return response{status: statusError, body: []byte(msg)}
}

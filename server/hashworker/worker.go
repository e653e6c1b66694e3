package hashworker

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/crypto/bcrypt"
)

// Command is the argument Self re-executes the binary with; it is also
// what ps shows of a worker.
const Command = "hash-worker"

// init makes every binary that links this package a worker when started
// as Self starts it, before its main (or a test binary's TestMain) runs:
// so neither the server's command line nor any package's tests need to
// know that workers exist.
func init() {
	if len(os.Args) == 2 && os.Args[1] == Command {
		os.Exit(serveStdio())
	}
}

func serveStdio() int {
	if err := Serve(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", Command, err)
		return 1
	}
	return 0
}

// Self is this very binary re-executed as a worker (on Linux
// /proc/self/exe, the running build even after an upgrade replaced the
// file). The worker gets none of our environment, so the server's secrets
// stay here, and one P: it computes one hash at a time. When the binary
// cannot be found Path is empty, Start fails and the caller hashes
// in-process.
func Self(stderr io.Writer) *Cmd {
	path := "/proc/self/exe"
	if _, err := os.Stat(path); err != nil {
		if path, err = os.Executable(); err != nil {
			path = ""
		}
	}
	env := []string{"GOMAXPROCS=1"}
	if v := os.Getenv("SYSTEMROOT"); v != "" {
		env = append(env, "SYSTEMROOT="+v) // Windows needs it to load system DLLs
	}
	return &Cmd{Path: path, Args: []string{Command}, Env: env, Stderr: stderr}
}

// Serve answers requests from r on w, one at a time, until r ends. It is
// the body of a worker; a malformed request ends it with an error (the
// server then starts another worker).
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

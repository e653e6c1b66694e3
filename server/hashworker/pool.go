package hashworker

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// Cmd is how to start a worker: a program that runs Serve on its stdin and
// stdout. Env is the worker's whole environment (nil: empty), so that the
// server's secrets (JWT secret, database URL, MFA key) stay with the server.
type Cmd struct {
	Path   string
	Args   []string
	Env    []string
	Stderr io.Writer // nil: discarded
}

// Pool runs bcrypt in up to n worker processes, one hash each at a time.
// A worker is started on first use and again after one dies. Safe for
// concurrent use.
type Pool struct {
	cmd   Cmd
	log   *slog.Logger
	slots chan struct{} // one token per hash in flight

	mu     sync.Mutex
	idle   []*worker
	closed bool
}

type worker struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	buf []byte
}

// startTimeout bounds the first request to the first worker, so that a
// program that does not speak the protocol fails Start instead of hanging.
const startTimeout = 10 * time.Second

// Start returns a pool of n workers after checking that one starts and
// answers. On error the caller hashes in-process. log may be nil.
func Start(cmd Cmd, n int, log *slog.Logger) (*Pool, error) {
	if n < 1 {
		return nil, fmt.Errorf("hashworker: %d workers, want at least 1", n)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Pool{cmd: cmd, log: log, slots: make(chan struct{}, n)}
	// A cost-4 hash of a throwaway password takes about a millisecond.
	probe := []byte("hash worker probe")
	h, err := bcrypt.GenerateFromPassword(probe, bcrypt.MinCost)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := p.Compare(ctx, h, probe); err != nil {
		p.Close()
		return nil, fmt.Errorf("hashworker: %s does not answer: %w", cmd.Path, err)
	}
	return p, nil
}

// unavailable is what a hash gets when its worker died or could not be
// started: the next attempt starts another.
func unavailable() error {
	return &hiregate.Error{Code: hiregate.EUNAVAILABLE, Message: "Password checking is restarting; try again shortly", RetryAfter: 1}
}

// Generate is bcrypt.GenerateFromPassword in a worker.
func (p *Pool) Generate(ctx context.Context, password []byte, cost int) ([]byte, error) {
	if cost < 0 || cost > maxField {
		return nil, bcrypt.InvalidCostError(cost)
	}
	r, err := p.call(ctx, request{op: opGenerate, cost: byte(cost), password: password})
	if err != nil {
		return nil, err
	}
	if r.status != statusOK {
		return nil, workerError(r)
	}
	return r.body, nil
}

// Compare is bcrypt.CompareHashAndPassword in a worker: nil for a match,
// bcrypt.ErrMismatchedHashAndPassword for none.
func (p *Pool) Compare(ctx context.Context, hash, password []byte) error {
	r, err := p.call(ctx, request{op: opCompare, password: password, hash: hash})
	switch {
	case err != nil:
		return err
	case r.status == statusOK:
		return nil
	case r.status == statusMismatch:
		return bcrypt.ErrMismatchedHashAndPassword
	}
	return workerError(r)
}

func workerError(r response) error {
	if r.status == statusError {
		return fmt.Errorf("hash worker: %s", r.body)
	}
	return fmt.Errorf("hash worker: unexpected status %d", r.status)
}

// call sends q to an idle worker and returns its answer. When ctx ends
// first the worker is killed (its hash is of no use to anyone) and another
// is started on the next call.
func (p *Pool) call(ctx context.Context, q request) (response, error) {
	body, err := q.encode()
	if err != nil {
		return response{}, err
	}
	defer clear(body)
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return response{}, ctx.Err()
	}
	defer func() { <-p.slots }()
	w, err := p.take()
	if err != nil {
		p.log.Error("starting a hash worker failed", "err", err)
		return response{}, unavailable()
	}
	stop := context.AfterFunc(ctx, func() { _ = w.cmd.Process.Kill() })
	r, err := w.roundTrip(body)
	if cancelled := !stop(); cancelled || err != nil {
		p.discard(w)
		if cancelled {
			return response{}, ctx.Err()
		}
		p.log.Error("hash worker died; the next hash starts another", "err", err, "exit", w.cmd.ProcessState.String())
		return response{}, unavailable()
	}
	p.put(w)
	return r, nil
}

func (p *Pool) take() (*worker, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, errors.New("hashworker: pool closed")
	}
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return w, nil
	}
	p.mu.Unlock()
	return p.spawn()
}

func (p *Pool) put(w *worker) {
	p.mu.Lock()
	if !p.closed {
		p.idle = append(p.idle, w)
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	w.stop()
}

// Close stops the idle workers now and the busy ones when they answer.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, w := range idle {
		w.stop()
	}
}

// Pids are the process ids of the idle workers (for tests).
func (p *Pool) Pids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ids []int
	for _, w := range p.idle {
		ids = append(ids, w.cmd.Process.Pid)
	}
	return ids
}

func (p *Pool) spawn() (*worker, error) {
	cmd := exec.Command(p.cmd.Path, p.cmd.Args...)
	cmd.Env = append([]string{}, p.cmd.Env...) // never nil: nil would inherit ours
	cmd.Stderr = p.cmd.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		in.Close()
		return nil, err
	}
	if err := startLowered(cmd); err != nil {
		in.Close()
		out.Close()
		return nil, err
	}
	return &worker{cmd: cmd, in: in, out: bufio.NewReader(out), buf: make([]byte, maxFrame)}, nil
}

func (w *worker) roundTrip(body []byte) (response, error) {
	if err := writeFrame(w.in, body); err != nil {
		return response{}, err
	}
	b, err := readFrame(w.out, w.buf)
	if err != nil {
		return response{}, err
	}
	r, err := decodeResponse(b)
	if err != nil {
		return response{}, err
	}
	r.body = append([]byte(nil), r.body...)
	return r, nil
}

// stop ends an idle worker: it exits when its stdin ends.
func (w *worker) stop() {
	_ = w.in.Close()
	_ = w.cmd.Wait()
}

// discard ends a worker that died, was cancelled or broke the protocol.
func (p *Pool) discard(w *worker) {
	_ = w.cmd.Process.Kill()
	_ = w.in.Close()
	_ = w.cmd.Wait()
}

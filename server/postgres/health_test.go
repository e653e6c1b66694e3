package postgres_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/postgres/pgtest"
)

// proxy forwards TCP connections to a PostgreSQL server until cut, which
// closes every connection and refuses new ones: the server "going away".
type proxy struct {
	target string
	ln     net.Listener

	mu    sync.Mutex
	conns []net.Conn
	down  bool
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{target: target, ln: ln}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.accept()
	return p
}

func (p *proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			c.Close()
			continue
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() { io.Copy(s, c); s.Close() }()
		go func() { io.Copy(c, s); c.Close() }()
	}
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

// TestPingFollowsTheServer: Ping (behind /readyz, with its 2 s deadline)
// fails while the server is unreachable and succeeds again once it is
// back, on the same pool, without reopening anything.
func TestPingFollowsTheServer(t *testing.T) {
	u, err := url.Parse(pgURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	db := openAt(t, u.String())
	ping := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return db.Ping(ctx)
	}
	if err := ping(); err != nil {
		t.Fatalf("Ping = %v, want nil", err)
	}
	p.cut()
	if err := ping(); err == nil {
		t.Fatal("Ping with the server gone = nil, want an error")
	}
	p.restore()
	if err := ping(); err != nil {
		t.Fatalf("Ping after the server came back = %v, want nil", err)
	}
}

// TestPingRefusesReadOnlyDatabase: a database that answers but takes no
// writes (a standby, default_transaction_read_only) is not ready, and is
// ready again once it takes writes.
func TestPingRefusesReadOnlyDatabase(t *testing.T) {
	url := pgtest.URL(t)
	db := openAt(t, url)
	ctx := context.Background()
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("Ping() on a writable database = %v, want nil", err)
	}
	name := url[strings.LastIndex(url, "/")+1:]
	// Settings apply to new sessions: end the pool's, as a failover would.
	reconnect := `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '` + name + `' AND pid <> pg_backend_pid()`
	server := pgtest.ServerURL(t)
	exec(t, server, `ALTER DATABASE `+name+` SET default_transaction_read_only = on`, reconnect)
	for i := range 3 {
		if err := db.Ping(ctx); err == nil {
			t.Fatalf("Ping() #%d on a read-only database = nil, want an error", i+1)
		}
	}
	exec(t, server, `ALTER DATABASE `+name+` RESET default_transaction_read_only`, reconnect)
	db.Ping(ctx) // may meet a connection the reconnect ended
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("Ping() once writable again = %v, want nil", err)
	}
}

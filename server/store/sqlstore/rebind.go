package sqlstore

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// maxRebound bounds the statements a Rebinder remembers. The shared
// statements are few; a page query's text varies only with which filters
// are set, so the set is small, and past the bound a statement is simply
// rebound on every call.
const maxRebound = 1024

// Rebinder numbers the '?' placeholders of a statement ($1, $2, ...) for
// an engine that wants them numbered, remembering the result per
// statement text so that a hot statement is rewritten once, not per call.
// Statements must hold no '?' other than placeholders (none in literals or
// comments). The zero value is ready to use.
type Rebinder struct {
	m sync.Map // statement -> numbered statement
	n atomic.Int64
}

// Rebind returns query with its placeholders numbered.
func (r *Rebinder) Rebind(query string) string {
	if strings.IndexByte(query, '?') < 0 {
		return query
	}
	if s, ok := r.m.Load(query); ok {
		return s.(string)
	}
	s := Rebind(query)
	if r.n.Load() < maxRebound {
		if _, loaded := r.m.LoadOrStore(query, s); !loaded {
			r.n.Add(1)
		}
	}
	return s
}

// Rebind numbers the placeholders of query without remembering it.
func Rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

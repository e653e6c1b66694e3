package app

import (
	"net/http"
	"sync/atomic"
)

// inflight counts the requests inside the handler, so that a shutdown that
// runs out of time can say how many it cut.
type inflight struct {
	h http.Handler
	n atomic.Int64
}

func (f *inflight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.n.Add(1)
	defer f.n.Add(-1)
	f.h.ServeHTTP(w, r)
}

package apitest

import (
	"sort"
	"strings"
)

// Route is one method and path, the path in gin syntax (/jobs/:id).
type Route struct{ Method, Path string }

func (r Route) String() string { return r.Method + " " + r.Path }

func sortRoutes(rs []Route) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Path != rs[j].Path {
			return rs[i].Path < rs[j].Path
		}
		return rs[i].Method < rs[j].Method
	})
}

// Diff compares the routes a router registered with the documented ones
// (both in gin syntax). undocumented are registered but not documented;
// unregistered are documented but not registered. Methods compare case
// insensitively and path parameters by position, not name (/jobs/:id
// matches /jobs/:jobID), because gin cannot tell them apart either. Both
// results are sorted and hold each route once.
func Diff(registered, documented []Route) (undocumented, unregistered []Route) {
	reg := index(registered)
	doc := index(documented)
	for k, r := range reg {
		if _, ok := doc[k]; !ok {
			undocumented = append(undocumented, r)
		}
	}
	for k, r := range doc {
		if _, ok := reg[k]; !ok {
			unregistered = append(unregistered, r)
		}
	}
	sortRoutes(undocumented)
	sortRoutes(unregistered)
	return undocumented, unregistered
}

func index(rs []Route) map[string]Route {
	m := make(map[string]Route, len(rs))
	for _, r := range rs {
		k := routeKey(r)
		if _, dup := m[k]; !dup {
			m[k] = r
		}
	}
	return m
}

func routeKey(r Route) string {
	segs := strings.Split(r.Path, "/")
	for i, s := range segs {
		switch {
		case strings.HasPrefix(s, ":"):
			segs[i] = ":"
		case strings.HasPrefix(s, "*"):
			segs[i] = "*"
		}
	}
	return strings.ToUpper(r.Method) + " " + strings.Join(segs, "/")
}

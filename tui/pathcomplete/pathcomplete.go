// Package pathcomplete completes a file path typed in a form field, the
// way a shell completes on tab: a unique match is filled in (with a slash
// for a directory), several matches are filled in up to what they share
// and listed.
package pathcomplete

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// MaxCandidates is how many matches Complete lists.
const MaxCandidates = 50

// Complete returns input completed as far as the file system allows, and
// the names that matched when more than one did. "~/" stands for the home
// directory and is kept as typed.
func Complete(input string) (string, []string) {
	dir, prefix := filepath.Split(input)
	real := expand(dir)
	if real == "" {
		real = "."
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return input, nil
	}
	var names []string
	isDir := map[string]bool{}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, prefix) || strings.HasPrefix(n, ".") && !strings.HasPrefix(prefix, ".") {
			continue
		}
		names = append(names, n)
		if e.IsDir() {
			isDir[n] = true
		} else if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(real, n)); err == nil && fi.IsDir() {
				isDir[n] = true
			}
		}
	}
	sort.Strings(names)
	switch len(names) {
	case 0:
		return input, nil
	case 1:
		n := names[0]
		if isDir[n] {
			n += string(filepath.Separator)
		}
		return dir + n, nil
	}
	common := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, common) {
			common = common[:len(common)-1]
		}
	}
	list := make([]string, 0, min(len(names), MaxCandidates))
	for _, n := range names[:min(len(names), MaxCandidates)] {
		if isDir[n] {
			n += string(filepath.Separator)
		}
		list = append(list, n)
	}
	return dir + common, list
}

// Expand returns path with a leading "~/" replaced by the home directory.
func Expand(path string) string { return expand(path) }

func expand(path string) string {
	if path == "~" || strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(path, "~"))
		}
	}
	return path
}

// Tab is what a tab key does in a path field: ok is false when there is
// nothing to complete (an empty field, no match, already complete), so
// the key can do what tab does elsewhere in a form.
func Tab(input string) (completed string, candidates []string, ok bool) {
	if input == "" {
		return input, nil, false
	}
	completed, candidates = Complete(input)
	return completed, candidates, completed != input || len(candidates) > 0
}

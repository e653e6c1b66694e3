package screening

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// builtinCSV is the skill list a new database starts with (its source
// and licence are in its header).
//
//go:embed skills.csv
var builtinCSV []byte

// Limits of a skill list line.
const (
	MaxSkillNameLen = 100
	MaxSkillAliases = 20
)

// Builtin returns the built-in skill list.
func Builtin() []hiregate.Skill {
	s, err := ParseSkillsCSV(bytes.NewReader(builtinCSV))
	if err != nil {
		panic("screening: built-in skills.csv: " + err.Error())
	}
	return s
}

// LineError is a bad line of a skills CSV: Line counts from 1, as an
// editor shows it.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ParseSkillsCSV reads a skill list: rows of name,aliases with the aliases
// separated by '|', an optional header row "name,aliases", and lines
// starting with '#' as comments. A name or alias must hold a letter or a
// digit; two rows may not name the same skill (SkillKey).
func ParseSkillsCSV(r io.Reader) ([]hiregate.Skill, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var out []hiregate.Skill
	seen := map[string]int{}
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &LineError{Line: pe.StartLine, Msg: pe.Err.Error()}
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if first && len(rec) >= 1 && strings.EqualFold(strings.TrimSpace(rec[0]), "name") {
			continue
		}
		s, msg := parseSkillRow(rec)
		if msg != "" {
			return nil, &LineError{Line: line, Msg: msg}
		}
		key := SkillKey(s.Name)
		if prev, dup := seen[key]; dup {
			return nil, &LineError{Line: line, Msg: fmt.Sprintf("%q is already on line %d", s.Name, prev)}
		}
		seen[key] = line
		out = append(out, s)
	}
}

func parseSkillRow(rec []string) (hiregate.Skill, string) {
	if len(rec) > 2 {
		return hiregate.Skill{}, "want two columns, name and aliases (aliases separated by |)"
	}
	name := strings.Join(strings.Fields(rec[0]), " ")
	if msg := checkSkillWord(name); msg != "" {
		return hiregate.Skill{}, "name " + msg
	}
	s := hiregate.Skill{Name: name, Aliases: []string{}}
	if len(rec) < 2 {
		return s, ""
	}
	seen := map[string]bool{SkillKey(name): true}
	for _, a := range strings.Split(rec[1], "|") {
		a = strings.Join(strings.Fields(a), " ")
		if a == "" {
			continue
		}
		if msg := checkSkillWord(a); msg != "" {
			return hiregate.Skill{}, fmt.Sprintf("alias %q %s", a, msg)
		}
		if k := SkillKey(a); !seen[k] {
			seen[k] = true
			s.Aliases = append(s.Aliases, a)
		}
	}
	if len(s.Aliases) > MaxSkillAliases {
		return hiregate.Skill{}, fmt.Sprintf("at most %d aliases", MaxSkillAliases)
	}
	return s, ""
}

func checkSkillWord(w string) string {
	switch {
	case w == "":
		return "is empty"
	case !utf8.ValidString(w):
		return "is not valid UTF-8"
	case utf8.RuneCountInString(w) > MaxSkillNameLen:
		return fmt.Sprintf("is longer than %d characters", MaxSkillNameLen)
	case strings.Contains(w, "|"):
		return "holds a |, which separates aliases"
	case SkillKey(w) == "":
		return "has no letter or digit"
	}
	return ""
}

// SkillKey is how a skill's name or alias is compared: its words as
// extraction reads them, lower case, joined by one space ("node.js",
// "machine learning", "c++"). Two names with one key are one skill.
func SkillKey(s string) string {
	var words []string
	wordsOf(s, func(w string, _, _ int) { words = append(words, w) })
	return strings.Join(words, " ")
}

// joiners are the punctuation that belongs to a word when between or
// after its letters: C++, C#, .NET, Node.js, T-SQL, R&D.
const joiners = "+#.-&"

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(joiners, r)
}

// wordsOf calls fn with each word of s, lower case, and its byte span in
// s. A word is a run of letters, digits and joiners, with the joiners
// that only punctuate it trimmed: leading - & + # (but one leading dot
// kept, for .NET), trailing . - & (but + and # kept, for C++ and C#). A
// run without a letter or digit is no word. So "Go" and "good" are
// different words, and "C" is not a word of "C++".
func wordsOf(s string, fn func(w string, start, end int)) {
	start := -1
	emit := func(end int) {
		w := s[start:end]
		lead := len(w) - len(strings.TrimLeft(w, "-&+#."))
		if lead > 0 && w[lead-1] == '.' {
			lead-- // keep one leading dot: .NET
		}
		w = w[lead:]
		st := start + lead
		w = strings.TrimRight(w, ".-&")
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			return
		}
		fn(strings.ToLower(w), st, st+len(w))
	}
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			emit(i)
			start = -1
		}
	}
	if start >= 0 {
		emit(len(s))
	}
}

// Matcher finds a fixed set of skills in text: whole words and whole
// multi-word phrases of a skill's name or any alias, case-insensitively,
// across line breaks. Where two phrases start at one word, the longer
// wins and its words are used up ("Spring Boot" is not also "Spring").
type Matcher struct {
	skills []hiregate.Skill
	// byFirst lists, per first word, the phrases starting with it,
	// longest first.
	byFirst map[string][]phrase
}

type phrase struct {
	words []string
	skill int
}

// NewMatcher returns a matcher of skills.
func NewMatcher(skills []hiregate.Skill) *Matcher {
	m := &Matcher{skills: skills, byFirst: map[string][]phrase{}}
	for i, s := range skills {
		for _, w := range append([]string{s.Name}, s.Aliases...) {
			k := SkillKey(w)
			if k == "" {
				continue
			}
			p := phrase{words: strings.Split(k, " "), skill: i}
			m.byFirst[p.words[0]] = append(m.byFirst[p.words[0]], p)
		}
	}
	for _, ps := range m.byFirst {
		slices.SortStableFunc(ps, func(a, b phrase) int { return len(b.words) - len(a.words) })
	}
	return m
}

type word struct {
	w          string
	start, end int
}

// Find returns the skills found in texts, in the matcher's order, each
// with the words that first named it, as written (spaces collapsed).
func (m *Matcher) Find(texts ...string) []hiregate.SkillFound {
	found := make([]string, len(m.skills))
	n := 0
	var words []word
	for _, t := range texts {
		words = words[:0]
		wordsOf(t, func(w string, start, end int) { words = append(words, word{w, start, end}) })
		for i := 0; i < len(words) && n < len(m.skills); i++ {
			for _, p := range m.byFirst[words[i].w] {
				if !p.matches(words[i:]) {
					continue
				}
				last := words[i+len(p.words)-1]
				if found[p.skill] == "" {
					found[p.skill] = strings.Join(strings.Fields(t[words[i].start:last.end]), " ")
					n++
				}
				i += len(p.words) - 1
				break
			}
		}
	}
	out := make([]hiregate.SkillFound, 0, n)
	for i, f := range found {
		if f != "" {
			out = append(out, hiregate.SkillFound{Name: m.skills[i].Name, FoundAs: f})
		}
	}
	return out
}

func (p phrase) matches(words []word) bool {
	if len(words) < len(p.words) {
		return false
	}
	for j, w := range p.words {
		if words[j].w != w {
			return false
		}
	}
	return true
}

package hiregate

import (
	"crypto/sha256"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Blind review: a job with BlindUntil hides who its candidates are from
// everyone but the candidate and admins until each application reaches
// that stage. The rule and the masking live here, as plain functions, so
// the server applies them in one place and the client can explain them.

// BlindStages are the stages a job may be blind until.
var BlindStages = []Stage{StageScreening, StageInterview}

// Hidden replaces what blind review takes out of a text.
const Hidden = "[hidden]"

// BlindNotice is the one line a client shows beside a masked application.
const BlindNotice = "Blind review: name, contacts and links are [hidden] until the set stage."

// BlindUntilChange is the blind_until of PATCH /jobs/{id}: absent leaves it,
// null (or "") turns blind review off, a stage sets it.
type BlindUntilChange struct {
	Set   bool
	Stage Stage
}

// UnmarshalJSON is called for null too, which is how a client turns blind
// review off.
func (b *BlindUntilChange) UnmarshalJSON(p []byte) error {
	b.Set, b.Stage = true, ""
	if string(p) == "null" {
		return nil
	}
	return json.Unmarshal(p, &b.Stage)
}

// MarshalJSON writes null for "off"; an unset change is left out by the
// field's omitzero.
func (b BlindUntilChange) MarshalJSON() ([]byte, error) {
	if b.Stage == "" {
		return []byte("null"), nil
	}
	return json.Marshal(b.Stage)
}

// SetBlindUntil is the change that sets blind review to s ("" for off).
func SetBlindUntil(s Stage) BlindUntilChange { return BlindUntilChange{Set: true, Stage: s} }

func validBlindUntil(s Stage) bool {
	if s == "" {
		return true
	}
	for _, b := range BlindStages {
		if s == b {
			return true
		}
	}
	return false
}

const blindUntilMsg = "must be one of screening, interview, or null"

// Reached reports whether a has been at stage or past it on the pipeline:
// its history says so even after it was rejected or withdrawn.
func Reached(a *Application, stage Stage) bool {
	want := stage.rank()
	if want < 0 {
		return false
	}
	if a.Status.rank() >= want {
		return true
	}
	for _, h := range a.History {
		if h.Status.rank() >= want {
			return true
		}
	}
	return false
}

// MustBlind reports whether the viewer gets application a masked on a job
// blind until blindUntil: everyone but its candidate and admins, until a
// reaches that stage.
func MustBlind(viewerID string, role Role, blindUntil Stage, a *Application) bool {
	if role == RoleAdmin || viewerID == a.Candidate.ID {
		return false
	}
	return HidesCandidate(blindUntil, a)
}

// HidesCandidate reports whether blind review until blindUntil hides a's
// candidate from the job's staff now (from each of them MustBlind does
// not exempt): for what goes to staff without knowing each one's role,
// such as mail and live events.
func HidesCandidate(blindUntil Stage, a *Application) bool {
	return blindUntil != "" && !Reached(a, blindUntil)
}

// aliasLetters leaves out letters easily read as digits (I, O).
const aliasLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ"

// BlindAlias is the stable stand-in name of a masked application:
// "Candidate " and four letters derived from its id, so a reviewer can
// tell applications apart and talk about one without learning who it is.
func BlindAlias(applicationID string) string {
	sum := sha256.Sum256([]byte("hiregate blind alias\x00" + applicationID))
	var b strings.Builder
	b.WriteString("Candidate ")
	for i := 0; i < 4; i++ {
		b.WriteByte(aliasLetters[int(sum[i])%len(aliasLetters)])
	}
	return b.String()
}

var (
	emailPattern = regexp.MustCompile(`(?i)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+`)
	urlPattern   = regexp.MustCompile(`(?i:\b(?:https?://|www\.)[^\s<>()"]+)` +
		// Bare domains with a common top-level domain written in lower
		// case (so "ASP.NET" and "Node.js" stay), and any path.
		`|\b[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:com|org|net|io|dev|me|co|info|app|ai|eu|uk|de|fr|nl|page|site|xyz)\b(?:/[^\s<>()"]*)?`)
	// A phone number: an optional +, then digits with spaces, dots,
	// dashes or brackets between them.
	phonePattern = regexp.MustCompile(`\+?\(?\d[\d\s().\-]{5,}\d`)
)

// looksLikePhone keeps year ranges ("2019-2023") and other short numbers:
// a phone number has at least 9 digits, or 7 after a + or in the form
// 555-1234.
func looksLikePhone(s string) bool {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits >= 9 || (strings.HasPrefix(s, "+") && digits >= 7) {
		return true
	}
	return digits == 7 && len(s) == 8 && (s[3] == '-' || s[3] == '.' || s[3] == ' ')
}

// NameParts are the words of a full name a masked text must not show:
// the whole name and each part of two letters or more, longest first.
func NameParts(fullName string) []string {
	fields := strings.FieldsFunc(fullName, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == ',' || r == '.'
	})
	parts := []string{}
	if n := strings.Join(strings.Fields(fullName), " "); strings.Contains(n, " ") {
		parts = append(parts, n)
	}
	for _, f := range strings.Fields(fullName) {
		if strings.ContainsAny(f, "-.,") {
			parts = append(parts, strings.Trim(f, ".,"))
		}
	}
	for _, f := range fields {
		if utf8.RuneCountInString(f) >= 2 {
			parts = append(parts, f)
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return len(parts[i]) > len(parts[j]) })
	return parts
}

// MaskText replaces e-mail addresses, URLs, phone numbers and the given
// name parts (whole words, any case) in text by Hidden.
func MaskText(text string, nameParts []string) string {
	if text == "" {
		return text
	}
	text = emailPattern.ReplaceAllString(text, Hidden)
	text = urlPattern.ReplaceAllStringFunc(text, func(s string) string {
		// Sentence punctuation after a link is not part of it.
		trimmed := strings.TrimRight(s, ".,;:!?'")
		return Hidden + s[len(trimmed):]
	})
	text = phonePattern.ReplaceAllStringFunc(text, func(s string) string {
		trimmed := strings.TrimRight(s, " .-(")
		if !looksLikePhone(trimmed) {
			return s
		}
		return Hidden + s[len(trimmed):]
	})
	for _, p := range nameParts {
		text = replaceWord(text, p)
	}
	return text
}

// replaceWord replaces every whole-word, case-insensitive occurrence of
// word in text by Hidden. Word edges are letters and digits in any script,
// which regexp's \b (ASCII only) would miss in names like "Zoë".
func replaceWord(text, word string) string {
	re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(word))
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(text, -1) {
		before, _ := utf8.DecodeLastRuneInString(text[:m[0]])
		after, _ := utf8.DecodeRuneInString(text[m[1]:])
		if m[0] > 0 && isWordRune(before) || m[1] < len(text) && isWordRune(after) {
			continue
		}
		b.WriteString(text[last:m[0]])
		b.WriteString(Hidden)
		last = m[1]
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// IsNamePart reports whether word is one of the name parts (any case), for
// lists of single words (matched terms, skills found as) a masked
// application must not show.
func IsNamePart(word string, nameParts []string) bool {
	for _, p := range nameParts {
		if strings.EqualFold(strings.TrimSpace(word), p) {
			return true
		}
	}
	return false
}

// MaskApplication turns a into what a viewer of a blind job sees: the
// alias for the name, no e-mail, the texts masked, the file's name
// hidden and its link gone (the file itself is 404 to them), and the
// candidate's own moves in the history under the alias. Blinded tells the
// client why.
func MaskApplication(a *Application) {
	parts := NameParts(a.Candidate.FullName)
	alias := BlindAlias(a.ID)
	a.CoverLetter = MaskText(a.CoverLetter, parts)
	a.ResumeText = MaskText(a.ResumeText, parts)
	for i := range a.History {
		if a.History[i].By == a.Candidate.ID {
			a.History[i].ByName = alias
		}
	}
	if a.Resume != nil {
		r := *a.Resume
		r.Filename = Hidden + strings.ToLower(extOf(r.Filename))
		r.URL = ""
		a.Resume = &r
	}
	if a.Match != nil {
		m := *a.Match
		m.Terms = maskWords(m.Terms, parts)
		// A skill can be a name (Ruby, Julia, Dart): which word of the
		// resume matched must not say who wrote it.
		if m.Skills != nil {
			m.Skills = append([]SkillFound(nil), m.Skills...)
			for i := range m.Skills {
				if IsNamePart(m.Skills[i].FoundAs, parts) {
					m.Skills[i].FoundAs = Hidden
				}
			}
		}
		a.Match = &m
	}
	a.Candidate.FullName, a.Candidate.Email = alias, ""
	a.Blinded = true
}

// MaskInterview turns iv into what a viewer of a blind job sees, as
// MaskApplication does its application: the candidate under the
// application's alias (the id stays, as on the application), the
// location's addresses, numbers and name parts hidden like a resume's,
// and the meeting link gone when it holds a part of the name (a link
// is useless with a word taken out). Staff names stay: they are not
// the person under review.
func MaskInterview(iv *Interview) {
	parts := NameParts(iv.Candidate.FullName)
	iv.Location = MaskText(iv.Location, parts)
	if holdsNamePart(iv.URL, parts) {
		iv.URL = ""
	}
	iv.Candidate.FullName = BlindAlias(iv.ApplicationID)
	iv.Blinded = true
}

// holdsNamePart reports whether s holds a part of the name: anywhere for
// parts of three letters or more, since links run words together
// ("/zquintana"), as a whole word for shorter ones.
func holdsNamePart(s string, nameParts []string) bool {
	low := strings.ToLower(s)
	for _, p := range nameParts {
		if utf8.RuneCountInString(p) >= 3 && strings.Contains(low, strings.ToLower(p)) ||
			replaceWord(s, p) != s {
			return true
		}
	}
	return false
}

func maskWords(words, parts []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		if IsNamePart(w, parts) {
			w = Hidden
		}
		out[i] = w
	}
	return out
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 && len(name)-i <= 6 {
		return name[i:]
	}
	return ""
}

// Self-identification (voluntary). Every field is optional; "decline" is
// an answer too, and never changes anything.

// Gender answers.
var Genders = []string{"female", "male", "non_binary", "other", "decline"}

// Ethnicities are the EEO-1 categories.
var Ethnicities = []string{"hispanic_or_latino", "white", "black_or_african_american", "asian",
	"native_hawaiian_or_pacific_islander", "american_indian_or_alaska_native", "two_or_more", "decline"}

// AgeBands are the age answers.
var AgeBands = []string{"under_25", "25_34", "35_44", "45_54", "55_64", "65_plus", "decline"}

// Demographics is a candidate's own voluntary self-identification (PUT and
// GET /users/me/demographics). It is returned to that candidate only.
type Demographics struct {
	Gender    *string    `json:"gender"`
	Ethnicity *string    `json:"ethnicity"`
	AgeBand   *string    `json:"age_band"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// DemographicsRequest is the body of PUT /users/me/demographics: the whole
// answer (a field left out or null is "not answered").
type DemographicsRequest struct {
	Gender    *string `json:"gender,omitempty"`
	Ethnicity *string `json:"ethnicity,omitempty"`
	AgeBand   *string `json:"age_band,omitempty"`
}

// Validate checks every answer against its list.
func (r *DemographicsRequest) Validate() error {
	f := map[string]string{}
	check := func(field string, v *string, allowed []string) {
		if v == nil {
			return
		}
		for _, a := range allowed {
			if *v == a {
				return
			}
		}
		f[field] = "must be one of " + strings.Join(allowed, ", ")
	}
	check("gender", r.Gender, Genders)
	check("ethnicity", r.Ethnicity, Ethnicities)
	check("age_band", r.AgeBand, AgeBands)
	return fieldsErr(f)
}

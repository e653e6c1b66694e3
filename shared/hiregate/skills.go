package hiregate

import (
	"encoding/json"
	"strings"
	"time"
)

// Skill is one entry of the skill list (GET /skills): its canonical name
// and the other words that name it ("Kubernetes" with "k8s").
type Skill struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
}

// SkillFilter selects skills: Q matches names and aliases (substring,
// case-insensitive).
type SkillFilter struct {
	Q     string
	Limit int
}

// SkillImport is the answer to POST /admin/skills (text/csv, columns
// name,aliases with aliases separated by |).
type SkillImport struct {
	Added    int `json:"added"`
	Replaced int `json:"replaced"`
	Total    int `json:"total"`
}

// SkillsCSVType is the content type POST /admin/skills takes.
const SkillsCSVType = "text/csv"

// MaxJobSkills is how many skills a job may declare in each of required
// and nice.
const MaxJobSkills = 50

// JobSkills are the skills a job declares, by their names in the list.
type JobSkills struct {
	Required []string `json:"required"`
	Nice     []string `json:"nice"`
}

// Empty reports whether no skill is declared.
func (s JobSkills) Empty() bool { return len(s.Required) == 0 && len(s.Nice) == 0 }

// Normalized returns s with names trimmed, empty names and repeats
// dropped (a skill both required and nice counts as required), and nil
// lists as empty ones, so it encodes as [] rather than null.
func (s JobSkills) Normalized() JobSkills {
	seen := map[string]bool{}
	clean := func(in []string) []string {
		out := []string{}
		for _, n := range in {
			n = strings.TrimSpace(n)
			k := strings.ToLower(n)
			if n == "" || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, n)
		}
		return out
	}
	r := clean(s.Required)
	return JobSkills{Required: r, Nice: clean(s.Nice)}
}

// check adds to f what is wrong with the shape (the server checks the
// names against its list).
func (s JobSkills) check(f map[string]string) {
	if len(s.Required) > MaxJobSkills {
		f["skills.required"] = "at most 50 skills"
	}
	if len(s.Nice) > MaxJobSkills {
		f["skills.nice"] = "at most 50 skills"
	}
}

// SkillFound is one skill found in an application: its name in the list
// and the words of the resume or cover letter that matched ("k8s").
type SkillFound struct {
	Name    string `json:"name"`
	FoundAs string `json:"found_as"`
}

// Impact report categories: the questions of the voluntary
// self-identification.
const (
	CategoryGender    = "gender"
	CategoryEthnicity = "ethnicity"
	CategoryAgeBand   = "age_band"
)

// ImpactCategories lists the categories in the order reports show them.
var ImpactCategories = []string{CategoryGender, CategoryEthnicity, CategoryAgeBand}

// ImpactBy selects what counts as selected in an impact report.
type ImpactBy string

const (
	// ImpactByStage counts applications that reached the report's stage
	// (selection rate).
	ImpactByStage ImpactBy = "stage"
	// ImpactByScore counts applications whose match score is above their
	// job's median (scoring rate).
	ImpactByScore ImpactBy = "score"
)

// ImpactSuppressBelow is the smallest group reported with its counts:
// smaller ones show "<5", so no one's answer can be inferred.
const ImpactSuppressBelow = 5

// FourFifths is the impact ratio under which a group is flagged.
const FourFifths = 0.8

// ImpactUnknown is the group of applicants who declined or did not
// answer: reported, but never the reference group and never flagged.
const ImpactUnknown = "unknown"

// ImpactFilter scopes an impact report (GET /reports/impact). RecruiterID
// is set by the server for recruiters; From and To (inclusive, UTC) select
// applications by arrival; Stage is what counts as selected (default
// interview) unless By is ImpactByScore.
type ImpactFilter struct {
	JobID       string
	RecruiterID string
	From        time.Time
	To          time.Time
	Stage       Stage
	By          ImpactBy
}

// ImpactReport is the body of GET /reports/impact.
type ImpactReport struct {
	Stage      Stage            `json:"stage,omitempty"`
	By         ImpactBy         `json:"by"`
	Applicants int              `json:"applicants"`
	Categories []ImpactCategory `json:"categories"`
}

// ImpactCategory is one self-identification question's groups.
type ImpactCategory struct {
	Category string        `json:"category"`
	Groups   []ImpactGroup `json:"groups"`
}

// ImpactGroup is one answer's row. A suppressed group (fewer than
// ImpactSuppressBelow applicants) has Applicants "<5" and no counts.
type ImpactGroup struct {
	Group       string     `json:"group"`
	Applicants  GroupCount `json:"applicants"`
	Selected    *int       `json:"selected"`
	Rate        *float64   `json:"rate"`
	ImpactRatio *float64   `json:"impact_ratio"`
	Flag        bool       `json:"flag"`
}

// GroupCount is a group's size: a number, or "<5" when suppressed.
type GroupCount struct {
	N          int
	Suppressed bool
}

// MarshalJSON writes the number, or the string "<5".
func (c GroupCount) MarshalJSON() ([]byte, error) {
	if c.Suppressed {
		return json.Marshal("<5")
	}
	return json.Marshal(c.N)
}

// UnmarshalJSON reads a number or "<5".
func (c *GroupCount) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*c = GroupCount{Suppressed: true}
		return nil
	}
	*c = GroupCount{}
	return json.Unmarshal(b, &c.N)
}

// String is how the count reads in a table.
func (c GroupCount) String() string {
	if c.Suppressed {
		return "<5"
	}
	b, _ := json.Marshal(c.N)
	return string(b)
}

package hiring

import (
	"bytes"
	"context"
	"errors"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/screening"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Skills lists the skill list.
func (s *Service) Skills(ctx context.Context, f hiregate.SkillFilter) ([]hiregate.Skill, error) {
	if len(f.Q) > hiregate.MaxSearchLen {
		return nil, hiregate.ValidationError(map[string]string{"q": "too long"})
	}
	return s.st.ListSkills(ctx, f.Q, f.Limit)
}

// ImportSkills adds or replaces skills from a CSV document (admins; the
// route table checks the role), all or nothing.
func (s *Service) ImportSkills(ctx context.Context, p *caller.Principal, data []byte) (*hiregate.SkillImport, error) {
	skills, err := screening.ParseSkillsCSV(bytes.NewReader(data))
	var le *screening.LineError
	if errors.As(err, &le) {
		return nil, &hiregate.Error{Code: hiregate.EINVALID, Message: "Bad skills CSV: " + le.Error(), Fields: map[string]string{"csv": le.Error()}}
	}
	if err != nil {
		return nil, hiregate.Errorf(hiregate.EBADREQUEST, "Unreadable CSV")
	}
	if len(skills) == 0 {
		return nil, hiregate.ValidationError(map[string]string{"csv": "no skills in it"})
	}
	out, err := s.st.ImportSkills(ctx, skills, skillKeys(skills), s.now())
	if err != nil {
		return nil, err
	}
	// Every job declaring skills may read the changed aliases.
	s.kickRescorer()
	return out, nil
}

func skillKeys(skills []hiregate.Skill) []string {
	keys := make([]string, len(skills))
	for i, sk := range skills {
		keys[i] = screening.SkillKey(sk.Name)
	}
	return keys
}

// EnsureBuiltinSkills adds the built-in skills missing from the list
// (at start: an admin's replacements stay as they are).
func (s *Service) EnsureBuiltinSkills(ctx context.Context) error {
	b := screening.Builtin()
	_, err := s.st.EnsureSkills(ctx, b, skillKeys(b), s.now())
	return err
}

// Impact reports selection (or scoring) rates per self-identified group
// for the caller's jobs: a recruiter's own, every job for an admin.
func (s *Service) Impact(ctx context.Context, p *caller.Principal, f hiregate.ImpactFilter) (*hiregate.ImpactReport, error) {
	if f.By == "" {
		f.By = hiregate.ImpactByStage
	}
	fields := map[string]string{}
	switch f.By {
	case hiregate.ImpactByStage:
		if f.Stage == "" {
			f.Stage = hiregate.StageInterview
		}
		if !f.Stage.Valid() || f.Stage.Final() && f.Stage != hiregate.StageHired || f.Stage == hiregate.StageApplied {
			fields["stage"] = "must be one of screening, interview, offer, hired"
		}
	case hiregate.ImpactByScore:
		f.Stage = ""
	default:
		fields["by"] = "must be stage or score"
	}
	if len(fields) > 0 {
		return nil, hiregate.ValidationError(fields)
	}
	f.RecruiterID = ""
	if p.Role != hiregate.RoleAdmin {
		f.RecruiterID = p.UserID
	}
	if f.JobID != "" {
		j, err := s.st.JobByID(ctx, f.JobID)
		if err != nil {
			return nil, err
		}
		if !hiregate.CanManageJob(p.UserID, p.Role, j.Recruiter.ID) {
			return nil, errJobNotFound
		}
		if f.By == hiregate.ImpactByScore {
			// The scores compared must be current: the job's median too.
			scs, err := s.st.JobScorings(ctx, []string{j.ID})
			if err != nil {
				return nil, err
			}
			if !scs[j.ID].Fresh() {
				if err := s.freshen(ctx, j.ID); err != nil {
					return nil, err
				}
			}
		}
	}
	if f.By == hiregate.ImpactByScore && f.JobID == "" {
		// Over many jobs too: a job edited a moment ago may still be
		// being recomputed in the background.
		if err := s.freshenStale(ctx, f.RecruiterID, func(string, error) bool { return false }); err != nil {
			return nil, err
		}
	}
	counts, err := s.st.ImpactCounts(ctx, f)
	if err != nil {
		return nil, err
	}
	r := BuildImpact(counts)
	r.Stage, r.By = f.Stage, f.By
	return &r, nil
}

// BuildImpact turns the database's counts into the report: rates, impact
// ratios against the highest rate of a reported group (neither "unknown"
// nor suppressed), four-fifths flags, and groups under 5 suppressed.
func BuildImpact(counts []store.ImpactCount) hiregate.ImpactReport {
	r := hiregate.ImpactReport{Categories: []hiregate.ImpactCategory{}}
	byCat := map[string][]store.ImpactCount{}
	for _, c := range counts {
		byCat[c.Category] = append(byCat[c.Category], c)
	}
	for i, cat := range hiregate.ImpactCategories {
		cs := byCat[cat]
		ic := hiregate.ImpactCategory{Category: cat, Groups: []hiregate.ImpactGroup{}}
		best := 0.0
		for _, c := range cs {
			if i == 0 {
				r.Applicants += c.Applicants
			}
			if c.Group != hiregate.ImpactUnknown && c.Applicants >= hiregate.ImpactSuppressBelow {
				best = max(best, rate(c))
			}
		}
		for _, c := range cs {
			g := hiregate.ImpactGroup{Group: c.Group}
			if c.Applicants < hiregate.ImpactSuppressBelow {
				g.Applicants = hiregate.GroupCount{Suppressed: true}
				ic.Groups = append(ic.Groups, g)
				continue
			}
			sel, rt := c.Selected, rate(c)
			g.Applicants, g.Selected, g.Rate = hiregate.GroupCount{N: c.Applicants}, &sel, &rt
			if c.Group != hiregate.ImpactUnknown && best > 0 {
				ratio := rt / best
				g.ImpactRatio = &ratio
				g.Flag = ratio < hiregate.FourFifths
			}
			ic.Groups = append(ic.Groups, g)
		}
		r.Categories = append(r.Categories, ic)
	}
	return r
}

func rate(c store.ImpactCount) float64 {
	if c.Applicants == 0 {
		return 0
	}
	return float64(c.Selected) / float64(c.Applicants)
}

package hiring

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/resume"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// ResumeFile is an uploaded file as the HTTP layer received it: the bytes,
// the Content-Type it was sent with and the name the client gave (may be
// "").
type ResumeFile struct {
	Filename    string
	ContentType string
	Data        []byte
}

var errResumeNotFound = hiregate.Errorf(hiregate.ENOTFOUND, "Resume not found")

// checkResume decides everything about a file before any write: its type
// (415), its name (422), its size (413) and whether its bytes are what the
// type says and hold text (422). Nothing is stored for a file that fails.
func (s *Service) checkResume(ctx context.Context, f ResumeFile) (*store.ResumeUpload, error) {
	ct, err := resume.ContentType(f.ContentType)
	if err != nil {
		return nil, err
	}
	name, err := hiregate.CleanResumeFilename(f.Filename, hiregate.DefaultResumeFilename(ct))
	if err != nil {
		return nil, err
	}
	text, err := s.resumes.Extract(ctx, ct, f.Data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(f.Data)
	return &store.ResumeUpload{
		Meta: hiregate.Resume{Filename: name, ContentType: ct, Size: int64(len(f.Data)),
			SHA256: hex.EncodeToString(sum[:]), TextChars: text.Chars(), Pages: text.Pages},
		Data: f.Data,
		Text: text.Text,
	}, nil
}

// UploadResume attaches a file to the caller's own application while it is
// not final, replacing any. Its text becomes the application's resume
// text. Only the application's candidate may: anyone else gets ENOTFOUND.
func (s *Service) UploadResume(ctx context.Context, p *caller.Principal, applicationID string, f ResumeFile) (*hiregate.Resume, error) {
	// Ownership first, so a stranger learns nothing from how a file fails.
	if _, err := s.ownApplication(ctx, p, applicationID); err != nil {
		return nil, err
	}
	u, err := s.checkResume(ctx, f)
	if err != nil {
		return nil, err
	}
	var a *store.ApplicationRecord
	err = s.st.Atomic(ctx, func(tx store.Store) error {
		var err error
		a, err = tx.PutResume(ctx, applicationID, u, s.now(), func(a *store.ApplicationRecord) error {
			if a.Candidate.ID != p.UserID {
				return errApplicationNotFound
			}
			if a.Status.Final() {
				return hiregate.Errorf(hiregate.ECONFLICT, "Application is %s; its resume can no longer change", a.Status)
			}
			return nil
		})
		if err != nil {
			return err
		}
		j, err := tx.JobByID(ctx, a.Job.ID)
		if err != nil {
			return err
		}
		return scoreApplication(ctx, tx, j, store.ScoreInput{ApplicationID: a.ID, ResumeText: u.Text, CoverLetter: a.CoverLetter})
	})
	if err != nil {
		return nil, err
	}
	out, err := s.withResume(ctx, p, &a.Application)
	if err != nil {
		return nil, err
	}
	return out.Resume, nil
}

// ownApplication loads the caller's own application (candidates only).
func (s *Service) ownApplication(ctx context.Context, p *caller.Principal, id string) (*store.ApplicationRecord, error) {
	a, actor, err := s.visibleApplication(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if actor != hiregate.ActorCandidate || a.Candidate.ID != p.UserID {
		return nil, errApplicationNotFound
	}
	return a, nil
}

// ApplyWithResume files an application with a resume file in one
// transaction: a bad file leaves no application behind, and a refused
// application (closed job, second application) stores no file. The file's
// text is the application's resume text.
func (s *Service) ApplyWithResume(ctx context.Context, p *caller.Principal, jobID string, coverLetter string, f ResumeFile) (*hiregate.Application, error) {
	req := hiregate.CreateApplicationRequest{CoverLetter: coverLetter}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	u, err := s.checkResume(ctx, f)
	if err != nil {
		return nil, err
	}
	a := &hiregate.Application{
		Job:         hiregate.JobRef{ID: jobID},
		Candidate:   hiregate.CandidateRef{ID: p.UserID},
		CoverLetter: coverLetter,
		ResumeText:  u.Text,
	}
	now := s.now()
	var owner string
	err = s.st.Atomic(ctx, func(tx store.Store) error {
		var job *hiregate.Job
		err := tx.CreateApplication(ctx, a, now, func(j *hiregate.Job) error {
			owner, job = j.Recruiter.ID, j
			return hiregate.CheckOpenForApplications(j)
		})
		if err != nil {
			return err
		}
		if _, err = tx.PutResume(ctx, a.ID, u, now, nil); err != nil {
			return err
		}
		if err := scoreApplication(ctx, tx, job, store.ScoreInput{ApplicationID: a.ID, ResumeText: u.Text, CoverLetter: coverLetter}); err != nil {
			return err
		}
		return s.notify(ctx, tx, receivedMail(a))
	})
	if err != nil {
		return nil, err
	}
	meta := u.Meta
	meta.UploadedAt = a.CreatedAt
	meta.URL = hiregate.ResumeURL(a.ID)
	a.Resume = &meta
	s.pub.Publish(ctx, events.ApplicationCreated(a, owner))
	return a, nil
}

// ResumeFile returns an application's original file to its candidate, the
// job's owner or an admin; ENOTFOUND for anyone else, when there is none,
// and while blind review masks the application for the caller (the file
// cannot be masked).
func (s *Service) ResumeFile(ctx context.Context, p *caller.Principal, applicationID string) (*hiregate.Resume, []byte, error) {
	a, _, err := s.visibleApplication(ctx, p, applicationID)
	if err != nil {
		return nil, nil, err
	}
	if seen, err := s.blindOne(ctx, p, &a.Application); err != nil {
		return nil, nil, err
	} else if seen.Blinded {
		return nil, nil, errResumeNotFound
	}
	meta, data, err := s.st.ResumeFile(ctx, a.ID)
	if hiregate.ErrorCode(err) == hiregate.ENOTFOUND {
		return nil, nil, errResumeNotFound
	}
	return meta, data, err
}

// withResumes fills in the resume metadata of applications.
func (s *Service) withResumes(ctx context.Context, apps []hiregate.Application) error {
	if len(apps) == 0 {
		return nil
	}
	ids := make([]string, len(apps))
	for i := range apps {
		ids[i] = apps[i].ID
	}
	meta, err := s.st.ResumeMeta(ctx, ids)
	if err != nil {
		return err
	}
	for i := range apps {
		if r := meta[apps[i].ID]; r != nil {
			r.URL = hiregate.ResumeURL(apps[i].ID)
			apps[i].Resume = r
		}
	}
	return nil
}

package hiring

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hiregate/hiregate/server/calendar"
	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var errInterviewNotFound = hiregate.Errorf(hiregate.ENOTFOUND, "Interview not found")

// The Data keys of the interview_invite and interview_cancelled mails, as
// their default templates (server/mail/templates) read them.
const (
	MailKeyJobTitle        = "JobTitle"
	MailKeyApplicationID   = "ApplicationID"
	MailKeyInterviewID     = "InterviewID"
	MailKeyStartsAt        = "StartsAt" // "2026-12-08 09:30 UTC"
	MailKeyDurationMinutes = "DurationMinutes"
	MailKeyLocation        = "Location"
	MailKeyURL             = "URL"
	MailKeyInterviewers    = "Interviewers" // names, comma separated
	MailKeyCandidateName   = "CandidateName"
	MailKeyOrganizer       = "Organizer"
)

// WithCalendarHost sets the host part of interview invites' UIDs (the
// server's public host name), so that they are unique across servers.
func WithCalendarHost(host string) Option {
	return func(s *Service) { s.calendarHost = host }
}

// assigned reports whether user is an interviewer of r.
func assigned(r *store.InterviewRecord, user string) bool {
	for _, u := range r.Interviewers {
		if u.ID == user {
			return true
		}
	}
	return false
}

// interviewAccess is the caller's part in an interview: its candidate, the
// job's recruiters and admins, or one of its own interviewers (who sees
// only the interviews they are on). Anyone else gets ENOTFOUND.
func (s *Service) interviewAccess(ctx context.Context, p *caller.Principal, r *store.InterviewRecord) (hiregate.Actor, error) {
	rel, err := s.relation(ctx, p, r.Job.ID, r.ApplicationID)
	if err != nil {
		return 0, err
	}
	actor, ok := hiregate.ApplicationAccess(p.UserID, p.Role, r.Candidate.ID, r.JobOwnerID, rel)
	if !ok || (actor == hiregate.ActorInterviewer && !assigned(r, p.UserID)) {
		return 0, errInterviewNotFound
	}
	return actor, nil
}

// checkOrganizer is the rule of scheduling, moving and cancelling: the
// job's owner, a team recruiter or an admin, on an application that is
// not final. Read through r, the transaction's view.
func checkOrganizer(ctx context.Context, r accessReader, p *caller.Principal, jobID, applicationID, candidateID, ownerID string,
	status hiregate.Stage, missing error) error {
	rel, err := relationOn(ctx, r, p, jobID, applicationID)
	if err != nil {
		return err
	}
	if actor, ok := hiregate.ApplicationAccess(p.UserID, p.Role, candidateID, ownerID, rel); !ok || actor != hiregate.ActorRecruiter {
		return missing
	}
	if status.Final() {
		return hiregate.Errorf(hiregate.ECONFLICT, "The application is %s; its interviews can no longer change", status)
	}
	return nil
}

func userRefs(ids []string) []hiregate.UserRef {
	out := make([]hiregate.UserRef, len(ids))
	for i, id := range ids {
		out[i] = hiregate.UserRef{ID: id}
	}
	return out
}

// ScheduleInterview schedules an interview of an application and, in the
// same transaction, queues the invites to the candidate and each
// interviewer. Overlaps with the interviewers' other interviews are
// allowed and listed in Conflicts.
func (s *Service) ScheduleInterview(ctx context.Context, p *caller.Principal, applicationID string, req hiregate.CreateInterviewRequest) (*hiregate.Interview, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	iv := &hiregate.Interview{
		ApplicationID: applicationID, Organizer: hiregate.UserRef{ID: p.UserID},
		StartsAt: req.StartsAt.UTC().Truncate(time.Second), DurationMinutes: req.DurationMinutes,
		Location: strings.TrimSpace(req.Location), URL: req.URL, Interviewers: userRefs(req.InterviewerIDs),
	}
	var rec *store.InterviewRecord
	err := s.st.Atomic(ctx, func(tx store.Store) error {
		var err error
		rec, err = tx.CreateInterview(ctx, iv, s.now(), func(a *store.ApplicationRecord) error {
			return checkOrganizer(ctx, tx, p, a.Job.ID, a.ID, a.Candidate.ID, a.JobOwnerID, a.Status, errApplicationNotFound)
		})
		if err != nil {
			return err
		}
		return s.queueInvites(ctx, tx, rec, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.interviewChanged(ctx, p, hiregate.EventInterviewScheduled, rec)
}

// UpdateInterview moves or changes an interview, raising its sequence, and
// queues the new invites (same UID); interviewers taken off it get a
// cancellation.
func (s *Service) UpdateInterview(ctx context.Context, p *caller.Principal, id string, req hiregate.UpdateInterviewRequest) (*hiregate.Interview, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return s.changeInterview(ctx, p, id, hiregate.EventInterviewUpdated, func(r *store.InterviewRecord) error {
		if r.Status == hiregate.InterviewCancelled {
			return hiregate.Errorf(hiregate.ECONFLICT, "The interview was cancelled; schedule a new one")
		}
		if req.StartsAt != nil {
			r.StartsAt = req.StartsAt.UTC().Truncate(time.Second)
		}
		if req.DurationMinutes != nil {
			r.DurationMinutes = *req.DurationMinutes
		}
		if req.Location != nil {
			r.Location = strings.TrimSpace(*req.Location)
		}
		if req.URL != nil {
			r.URL = *req.URL
		}
		if req.InterviewerIDs != nil {
			r.Interviewers = userRefs(req.InterviewerIDs)
		}
		return nil
	})
}

// CancelInterview cancels an interview and queues the cancellations.
func (s *Service) CancelInterview(ctx context.Context, p *caller.Principal, id string) (*hiregate.Interview, error) {
	return s.changeInterview(ctx, p, id, hiregate.EventInterviewCancelled, func(r *store.InterviewRecord) error {
		if r.Status == hiregate.InterviewCancelled {
			return hiregate.Errorf(hiregate.ECONFLICT, "The interview is already cancelled")
		}
		r.Status = hiregate.InterviewCancelled
		return nil
	})
}

func (s *Service) changeInterview(ctx context.Context, p *caller.Principal, id string, t hiregate.EventType,
	change func(*store.InterviewRecord) error) (*hiregate.Interview, error) {
	var rec *store.InterviewRecord
	err := s.st.Atomic(ctx, func(tx store.Store) error {
		var before *store.InterviewRecord
		var err error
		rec, err = tx.UpdateInterview(ctx, id, s.now(), func(r *store.InterviewRecord) error {
			if err := checkOrganizer(ctx, tx, p, r.Job.ID, r.ApplicationID, r.Candidate.ID, r.JobOwnerID,
				r.ApplicationStatus, errInterviewNotFound); err != nil {
				return err
			}
			b := *r
			b.Interviewers = append([]hiregate.UserRef(nil), r.Interviewers...)
			b.InterviewerEmails = append([]string(nil), r.InterviewerEmails...)
			before = &b
			return change(r)
		})
		if err != nil {
			return err
		}
		return s.queueInvites(ctx, tx, rec, removedFrom(before, rec))
	})
	if err != nil {
		return nil, err
	}
	return s.interviewChanged(ctx, p, t, rec)
}

// removedFrom is before as a cancelled interview for the interviewers that
// after no longer has (nil when none).
func removedFrom(before, after *store.InterviewRecord) *store.InterviewRecord {
	var gone []hiregate.UserRef
	var emails []string
	for i, u := range before.Interviewers {
		if !assigned(after, u.ID) {
			gone, emails = append(gone, u), append(emails, before.InterviewerEmails[i])
		}
	}
	if len(gone) == 0 {
		return nil
	}
	c := *after
	c.Status, c.Interviewers, c.InterviewerEmails = hiregate.InterviewCancelled, gone, emails
	return &c
}

// interviewChanged publishes the event of a committed change (ids only,
// so blind review has nothing to take out) and answers p with the
// interview as p may see it and the overlaps of its interviewers.
func (s *Service) interviewChanged(ctx context.Context, p *caller.Principal, t hiregate.EventType, rec *store.InterviewRecord) (*hiregate.Interview, error) {
	s.publish(ctx, events.Interview(t, rec.ID, rec.Application(), rec.JobOwnerID), store.AudienceQuery{JobID: rec.Job.ID, InterviewID: rec.ID})
	conflicts, err := s.st.InterviewConflicts(ctx, &rec.Interview)
	if err != nil {
		return nil, err
	}
	iv := blindInterviews(p, []store.InterviewRecord{*rec})[0]
	iv.Conflicts = conflicts
	return &iv, nil
}

// invite is the calendar of rec as iv shows it (rec's interview, masked
// or not): to the candidate and its interviewers, from organizer. Masked
// (blind review), it leaves out the candidate's address, which would say
// who they are.
func (s *Service) invite(rec *store.InterviewRecord, iv *hiregate.Interview, organizer calendar.Person) calendar.Event {
	var attendees []calendar.Person
	if !iv.Blinded {
		attendees = append(attendees, calendar.Person{Name: iv.Candidate.FullName, Email: rec.CandidateEmail})
	}
	ev := calendar.Event{
		UID: calendar.UID(iv.ID, s.calendarHost), Sequence: iv.Sequence,
		Cancelled: iv.Status == hiregate.InterviewCancelled,
		Start:     iv.StartsAt, End: iv.EndsAt(), Stamp: iv.UpdatedAt,
		Summary:  "Interview: " + iv.Job.Title + " (" + iv.Candidate.FullName + ")",
		Location: iv.Location, URL: iv.URL, Organizer: organizer, Attendees: attendees,
	}
	if iv.URL != "" {
		ev.Description = "Join: " + iv.URL
	}
	for i, u := range iv.Interviewers {
		ev.Attendees = append(ev.Attendees, calendar.Person{Name: u.FullName, Email: rec.InterviewerEmails[i]})
	}
	return ev
}

// organizer reads the organizer's address through r.
func organizer(ctx context.Context, r store.Users, rec *store.InterviewRecord) (calendar.Person, error) {
	u, err := r.UserByID(ctx, rec.Organizer.ID)
	if err != nil {
		return calendar.Person{}, err
	}
	return calendar.Person{Name: u.FullName, Email: u.Email}, nil
}

// queueInvites queues, on tx, rec's invite (or cancellation) to its
// candidate and interviewers, and a cancellation to those in removed.
func (s *Service) queueInvites(ctx context.Context, tx store.Store, rec, removed *store.InterviewRecord) error {
	org, err := organizer(ctx, tx, rec)
	if err != nil {
		return err
	}
	to := append([]string{rec.Candidate.ID}, refIDs(rec.Interviewers)...)
	if err := s.queueCalendar(ctx, tx, rec, org, to); err != nil {
		return err
	}
	if removed == nil {
		return nil
	}
	return s.queueCalendar(ctx, tx, removed, org, refIDs(removed.Interviewers))
}

// queueCalendar queues rec's invite to each of to: the candidate's whole,
// the interviewers' masked while blind review hides the candidate.
func (s *Service) queueCalendar(ctx context.Context, tx store.Store, rec *store.InterviewRecord, org calendar.Person, to []string) error {
	// A mail goes to a mailbox, which no admin role follows: every
	// interviewer's invite is masked while the candidate is hidden.
	staffMasked := hiregate.HidesCandidate(rec.BlindUntil, rec.Application())
	for _, id := range to {
		m := s.inviteMail(rec, org, staffMasked && id != rec.Candidate.ID)
		m.UserID = id
		if err := tx.QueueMail(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// inviteMail is the mail of rec's invite (or cancellation), masked or not.
func (s *Service) inviteMail(rec *store.InterviewRecord, org calendar.Person, masked bool) store.MailRequest {
	iv := rec.Interview
	if masked {
		hiregate.MaskInterview(&iv)
	}
	ev := s.invite(rec, &iv, org)
	template := hiregate.MailTemplateInterviewInvite
	if ev.Cancelled {
		template = hiregate.MailTemplateInterviewCancelled
	}
	names := make([]string, len(iv.Interviewers))
	for i, u := range iv.Interviewers {
		names[i] = u.FullName
	}
	data := map[string]string{
		MailKeyJobTitle: iv.Job.Title, MailKeyApplicationID: iv.ApplicationID, MailKeyInterviewID: iv.ID,
		MailKeyStartsAt:        iv.StartsAt.UTC().Format("2006-01-02 15:04 UTC"),
		MailKeyDurationMinutes: strconv.Itoa(iv.DurationMinutes),
		MailKeyLocation:        iv.Location, MailKeyURL: iv.URL, MailKeyInterviewers: strings.Join(names, ", "),
		MailKeyCandidateName: iv.Candidate.FullName, MailKeyOrganizer: org.Name,
	}
	return store.MailRequest{Template: template, Data: data, Calendar: &store.MailCalendar{Method: ev.Method(), ICS: ev.ICS()}}
}

func refIDs(us []hiregate.UserRef) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out
}

// Interview returns one interview the caller may see.
func (s *Service) Interview(ctx context.Context, p *caller.Principal, id string) (*hiregate.Interview, error) {
	r, err := s.st.InterviewByID(ctx, id)
	if err != nil {
		if isNotFound(err) {
			return nil, errInterviewNotFound
		}
		return nil, err
	}
	if _, err := s.interviewAccess(ctx, p, r); err != nil {
		return nil, err
	}
	iv := blindInterviews(p, []store.InterviewRecord{*r})[0]
	return &iv, nil
}

// InterviewCalendar returns the calendar of an interview the caller may
// see: the same as its last invite (METHOD:CANCEL once cancelled).
func (s *Service) InterviewCalendar(ctx context.Context, p *caller.Principal, id string) (ics []byte, method string, err error) {
	r, err := s.st.InterviewByID(ctx, id)
	if err != nil {
		if isNotFound(err) {
			return nil, "", errInterviewNotFound
		}
		return nil, "", err
	}
	if _, err := s.interviewAccess(ctx, p, r); err != nil {
		return nil, "", err
	}
	org, err := organizer(ctx, s.st, r)
	if err != nil {
		return nil, "", err
	}
	iv := r.SeenBy(p.UserID, p.Role)
	ev := s.invite(r, &iv, org)
	return ev.ICS(), ev.Method(), nil
}

// ApplicationInterviews lists an application's interviews, earliest
// first: all of them for its candidate and the job's recruiters, an
// interviewer's own for an interviewer.
func (s *Service) ApplicationInterviews(ctx context.Context, p *caller.Principal, applicationID string, limit int, cursor string) ([]hiregate.Interview, string, error) {
	a, actor, err := s.visibleApplication(ctx, p, applicationID)
	if err != nil {
		return nil, "", err
	}
	q := store.InterviewQuery{ApplicationID: a.ID, Limit: limit, Cursor: cursor}
	if actor == hiregate.ActorInterviewer {
		q = store.InterviewQuery{InterviewerID: p.UserID, ApplicationID: a.ID, Limit: limit, Cursor: cursor}
	}
	return s.interviews(ctx, p, q)
}

// MyInterviews lists a candidate's interviews, or those the caller is an
// interviewer of on jobs they still work on, earliest first.
func (s *Service) MyInterviews(ctx context.Context, p *caller.Principal, f hiregate.InterviewFilter) ([]hiregate.Interview, string, error) {
	q := store.InterviewQuery{From: f.From, Limit: f.Limit, Cursor: f.Cursor}
	if p.Role == hiregate.RoleCandidate {
		q.CandidateID = p.UserID
	} else {
		q.InterviewerID = p.UserID
	}
	return s.interviews(ctx, p, q)
}

// interviews is a page of interviews as p may see them.
func (s *Service) interviews(ctx context.Context, p *caller.Principal, q store.InterviewQuery) ([]hiregate.Interview, string, error) {
	recs, next, err := s.st.ListInterviews(ctx, q)
	if err != nil {
		return nil, "", err
	}
	return blindInterviews(p, recs), next, nil
}

func trimmed(s string) string { return strings.TrimSpace(s) }

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

var _ store.Teams = (*DB)(nil)

const (
	teamSelect = `SELECT t.user_id, u.full_name, u.email, t.role, u.active, t.added_at
	FROM job_team t JOIN users u ON u.id = t.user_id`

	interviewSelect = `SELECT i.id, i.application_id, a.job_id, j.title, a.candidate_id, c.full_name, c.email,
	i.organizer_id, o.full_name, i.starts_at, i.duration_minutes, i.location, i.url, i.status, i.sequence,
	i.created_at, i.updated_at, j.recruiter_id, a.status, j.blind_until
	FROM interviews i
	JOIN applications a ON a.id = i.application_id
	JOIN jobs j ON j.id = a.job_id
	JOIN users c ON c.id = a.candidate_id
	JOIN users o ON o.id = i.organizer_id`

	feedbackSelect = `SELECT f.interview_id, f.application_id, f.author_id, u.full_name, f.ratings, f.recommendation,
	f.notes, f.submitted_at, f.updated_at
	FROM feedback f JOIN users u ON u.id = f.author_id`

	// staffOf is the condition that user ? may interview for the job of
	// application ?: its owner or on its team, with an active account.
	staffOf = `EXISTS (SELECT 1 FROM users u JOIN applications a ON a.id = ?
	JOIN jobs j ON j.id = a.job_id
	WHERE u.id = ? AND u.active
	AND (j.recruiter_id = u.id OR EXISTS (SELECT 1 FROM job_team t WHERE t.job_id = j.id AND t.user_id = u.id)))`
)

// InterviewsEarliest is the order of interview lists.
var InterviewsEarliest = SortKey{At: "i.starts_at", ID: "i.id"}

func scanTeamMember(row Scanner) (hiregate.TeamMember, error) {
	var m hiregate.TeamMember
	var added int64
	err := row.Scan(&m.UserID, &m.FullName, &m.Email, &m.Role, &m.Active, &added)
	m.AddedAt = FromTS(added)
	return m, err
}

// TeamMembers lists a job's team, oldest member first.
func (db *DB) TeamMembers(ctx context.Context, jobID string) ([]hiregate.TeamMember, error) {
	return readAll(ctx, db, "team members", scanTeamMember,
		teamSelect+` WHERE t.job_id = ? ORDER BY t.added_at, t.user_id`, jobID)
}

// SetTeam replaces a job's team. A member already on it keeps the time they
// were added. Each insert copies the user only when their account has the
// role the team role asks for, so a role changed meanwhile cannot slip in.
func (db *DB) SetTeam(ctx context.Context, jobID string, members []hiregate.TeamMemberInput, now time.Time,
	check func(*hiregate.Job) error) ([]hiregate.TeamMember, error) {
	var out []hiregate.TeamMember
	err := db.e.Tx(ctx, func(q Q) error {
		j, err := ScanJob(q.QueryRow(ctx, JobSelect+` WHERE j.id = ? `+db.e.Lock(ForUpdate, "j"), jobID))
		if err != nil {
			return db.notFoundOr(err, "Job", "set team")
		}
		if err := check(&j); err != nil {
			return err
		}
		added := map[string]int64{}
		old, err := q.Query(ctx, `SELECT user_id, added_at FROM job_team WHERE job_id = ?`, jobID)
		if err != nil {
			return db.errorf("set team", err)
		}
		err = Each(old, func(s Scanner) error {
			var id string
			var at int64
			err := s.Scan(&id, &at)
			added[id] = at
			return err
		})
		old.Close()
		if err != nil {
			return db.errorf("set team", err)
		}
		if _, err := q.Exec(ctx, `DELETE FROM job_team WHERE job_id = ?`, jobID); err != nil {
			return db.errorf("set team", err)
		}
		for _, m := range members {
			at, ok := added[m.UserID]
			if !ok {
				at = TS(now)
			}
			n, err := q.Exec(ctx, `INSERT INTO job_team (job_id, user_id, role, added_at)
				SELECT ?, id, ?, ? FROM users WHERE id = ? AND role = ? AND id <> ?`,
				jobID, m.Role, at, m.UserID, m.Role.AccountRole(), j.Recruiter.ID)
			if err != nil {
				return db.errorf("set team", err)
			}
			if n == 0 {
				return hiregate.ValidationError(map[string]string{"members": "user " + m.UserID +
					" is not a " + string(m.Role.AccountRole()) + " account (or is the job's owner)"})
			}
		}
		rows, err := q.Query(ctx, teamSelect+` WHERE t.job_id = ? ORDER BY t.added_at, t.user_id`, jobID)
		if err != nil {
			return db.errorf("set team", err)
		}
		defer rows.Close()
		out, err = Collect(rows, scanTeamMember)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// JobAccess reads the user's team role on the job and whether they are an
// interviewer of a scheduled interview of the application.
func (db *DB) JobAccess(ctx context.Context, jobID, applicationID, userID string) (store.Access, error) {
	var a store.Access
	var role sql.NullString
	err := db.e.Read().QueryRow(ctx, `SELECT
		(SELECT role FROM job_team WHERE job_id = ? AND user_id = ?),
		EXISTS (SELECT 1 FROM interview_interviewers ii JOIN interviews i ON i.id = ii.interview_id
			WHERE ii.user_id = ? AND i.application_id = ? AND i.status = 'scheduled')`,
		jobID, userID, userID, applicationID).Scan(&role, &a.Interviewing)
	if err != nil {
		return a, db.errorf("job access", err)
	}
	a.TeamRole = hiregate.TeamRole(role.String)
	return a, nil
}

// EventAudience reads the staff audience of a live event.
func (db *DB) EventAudience(ctx context.Context, q store.AudienceQuery) (recruiters, interviewers []string, err error) {
	scanID := func(s Scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	}
	recruiters, err = readAll(ctx, db, "event audience", scanID,
		`SELECT user_id FROM job_team WHERE job_id = ? AND role = 'recruiter' ORDER BY user_id`, q.JobID)
	if err != nil {
		return nil, nil, err
	}
	team := `SELECT t.user_id FROM job_team t WHERE t.job_id = ? AND t.role = 'interviewer'`
	args := []any{q.JobID}
	switch {
	case q.InterviewID != "":
		team += ` AND t.user_id IN (SELECT user_id FROM interview_interviewers WHERE interview_id = ?)`
		args = append(args, q.InterviewID)
	case q.Feedback:
		team += ` AND t.user_id IN (SELECT author_id FROM feedback WHERE application_id = ?)`
		args = append(args, q.ApplicationID)
	case q.ApplicationID != "":
		team += ` AND t.user_id IN (SELECT ii.user_id FROM interview_interviewers ii JOIN interviews i ON i.id = ii.interview_id
			WHERE i.application_id = ? AND i.status = 'scheduled')`
		args = append(args, q.ApplicationID)
	}
	interviewers, err = readAll(ctx, db, "event audience", scanID, team+` ORDER BY t.user_id`, args...)
	return recruiters, interviewers, err
}

// SearchStaff lists active recruiters and interviewers by name.
func (db *DB) SearchStaff(ctx context.Context, f hiregate.StaffFilter) ([]hiregate.StaffUser, error) {
	roles := []string{string(hiregate.RoleRecruiter), string(hiregate.RoleInterviewer)}
	if f.Role != "" {
		roles = []string{string(f.Role)}
	}
	cond, args := In(db.e, "role", roles)
	like := "%" + escapeLike(strings.ToLower(f.Q)) + "%"
	args = append(args, like, like, PageLimit(f.Limit))
	return readAll(ctx, db, "search staff", func(s Scanner) (hiregate.StaffUser, error) {
		var u hiregate.StaffUser
		err := s.Scan(&u.ID, &u.FullName, &u.Email, &u.Role)
		return u, err
	}, `SELECT id, full_name, email, role FROM users WHERE active AND `+cond+`
		AND (email `+db.e.ILike()+` ? ESCAPE '\' OR full_name `+db.e.ILike()+` ? ESCAPE '\')
		ORDER BY full_name, id LIMIT ?`, args...)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func scanInterview(row Scanner) (*store.InterviewRecord, error) {
	var r store.InterviewRecord
	var starts, created, updated int64
	err := row.Scan(&r.ID, &r.ApplicationID, &r.Job.ID, &r.Job.Title, &r.Candidate.ID, &r.Candidate.FullName,
		&r.CandidateEmail, &r.Organizer.ID, &r.Organizer.FullName, &starts, &r.DurationMinutes, &r.Location, &r.URL,
		&r.Status, &r.Sequence, &created, &updated, &r.JobOwnerID, &r.ApplicationStatus, &r.BlindUntil)
	r.StartsAt, r.CreatedAt, r.UpdatedAt = FromTS(starts), FromTS(created), FromTS(updated)
	return &r, err
}

// withInterviewers fills the interviewers of recs, by name, through q.
func (db *DB) withInterviewers(ctx context.Context, q Q, recs []*store.InterviewRecord) error {
	if len(recs) == 0 {
		return nil
	}
	byID := map[string]*store.InterviewRecord{}
	ids := make([]string, len(recs))
	for i, r := range recs {
		byID[r.ID], ids[i] = r, r.ID
		r.Interviewers, r.InterviewerEmails = []hiregate.UserRef{}, nil
	}
	cond, args := In(db.e, "ii.interview_id", ids)
	rows, err := q.Query(ctx, `SELECT ii.interview_id, u.id, u.full_name, u.email FROM interview_interviewers ii
		JOIN users u ON u.id = ii.user_id WHERE `+cond+` ORDER BY u.full_name, u.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return Each(rows, func(s Scanner) error {
		var iv string
		var u hiregate.UserRef
		var email string
		if err := s.Scan(&iv, &u.ID, &u.FullName, &email); err != nil {
			return err
		}
		r := byID[iv]
		r.Interviewers = append(r.Interviewers, u)
		r.InterviewerEmails = append(r.InterviewerEmails, email)
		return nil
	})
}

// withBlindHistory fills the application history of those of recs whose
// job is in blind review and whose status alone does not tell whether
// the application reached the stage: one query, none for other jobs.
func (db *DB) withBlindHistory(ctx context.Context, q Q, recs []*store.InterviewRecord) error {
	var ids []string
	for _, r := range recs {
		if r.BlindUntil != "" && !hiregate.Reached(&hiregate.Application{Status: r.ApplicationStatus}, r.BlindUntil) {
			ids = append(ids, r.ApplicationID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	h, err := db.histories(ctx, q, ids)
	if err != nil {
		return err
	}
	for _, r := range recs {
		r.ApplicationHistory = h[r.ApplicationID]
	}
	return nil
}

// completeInterviews adds to recs what their row does not hold: the
// interviewers and, where blind review needs it, the history.
func (db *DB) completeInterviews(ctx context.Context, q Q, recs []*store.InterviewRecord) error {
	if err := db.withInterviewers(ctx, q, recs); err != nil {
		return err
	}
	return db.withBlindHistory(ctx, q, recs)
}

func (db *DB) interviewOn(ctx context.Context, q Q, id, lock string) (*store.InterviewRecord, error) {
	r, err := scanInterview(q.QueryRow(ctx, interviewSelect+` WHERE i.id = ? `+lock, id))
	if err != nil {
		return nil, err
	}
	if err := db.completeInterviews(ctx, q, []*store.InterviewRecord{r}); err != nil {
		return nil, err
	}
	return r, nil
}

// setInterviewers replaces the interviewers of interview id, each of whom
// must be staff of the application's job.
func (db *DB) setInterviewers(ctx context.Context, q Q, id, applicationID string, users []hiregate.UserRef) error {
	if _, err := q.Exec(ctx, `DELETE FROM interview_interviewers WHERE interview_id = ?`, id); err != nil {
		return db.errorf("set interviewers", err)
	}
	for _, u := range users {
		n, err := q.Exec(ctx, `INSERT INTO interview_interviewers (interview_id, user_id) SELECT ?, ? WHERE `+staffOf,
			id, u.ID, applicationID, u.ID)
		if err != nil {
			return db.errorf("set interviewers", err)
		}
		if n == 0 {
			return hiregate.ValidationError(map[string]string{"interviewer_ids": "user " + u.ID + " is not on the job's team"})
		}
	}
	return nil
}

// CreateInterview inserts an interview and its interviewers.
func (db *DB) CreateInterview(ctx context.Context, iv *hiregate.Interview, now time.Time,
	check func(*store.ApplicationRecord) error) (*store.InterviewRecord, error) {
	now = FromTS(TS(now))
	id := NewID(now)
	var out *store.InterviewRecord
	err := db.e.Tx(ctx, func(q Q) error {
		a, err := ScanApplication(q.QueryRow(ctx, ApplicationSelect+` WHERE a.id = ? `+db.e.Lock(ForShare, "a"), iv.ApplicationID))
		if err != nil {
			return db.notFoundOr(err, "Application", "create interview")
		}
		if err := check(a); err != nil {
			return err
		}
		_, err = q.Exec(ctx, `INSERT INTO interviews (id, application_id, organizer_id, starts_at, duration_minutes,
			location, url, status, sequence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', 0, ?, ?)`,
			id, iv.ApplicationID, iv.Organizer.ID, TS(iv.StartsAt), iv.DurationMinutes, iv.Location, iv.URL, TS(now), TS(now))
		if err != nil {
			return db.errorf("create interview", err)
		}
		if err := db.setInterviewers(ctx, q, id, iv.ApplicationID, iv.Interviewers); err != nil {
			return err
		}
		out, err = db.interviewOn(ctx, q, id, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateInterview changes an interview and raises its sequence.
func (db *DB) UpdateInterview(ctx context.Context, id string, now time.Time, fn func(*store.InterviewRecord) error) (*store.InterviewRecord, error) {
	now = FromTS(TS(now))
	var out *store.InterviewRecord
	err := db.e.Tx(ctx, func(q Q) error {
		r, err := db.interviewOn(ctx, q, id, db.e.Lock(ForUpdate, "i"))
		if err != nil {
			return db.notFoundOr(err, "Interview", "update interview")
		}
		before := append([]hiregate.UserRef(nil), r.Interviewers...)
		if err := fn(r); err != nil {
			return err
		}
		_, err = q.Exec(ctx, `UPDATE interviews SET starts_at = ?, duration_minutes = ?, location = ?, url = ?,
			status = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?`,
			TS(r.StartsAt), r.DurationMinutes, r.Location, r.URL, r.Status, TS(now), id)
		if err != nil {
			return db.errorf("update interview", err)
		}
		if !sameUsers(before, r.Interviewers) {
			if err := db.setInterviewers(ctx, q, id, r.ApplicationID, r.Interviewers); err != nil {
				return err
			}
		}
		out, err = db.interviewOn(ctx, q, id, "")
		if err != nil {
			return db.errorf("update interview", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func sameUsers(a, b []hiregate.UserRef) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[string]bool{}
	for _, u := range a {
		in[u.ID] = true
	}
	for _, u := range b {
		if !in[u.ID] {
			return false
		}
	}
	return true
}

// InterviewByID returns one interview.
func (db *DB) InterviewByID(ctx context.Context, id string) (*store.InterviewRecord, error) {
	r, err := db.interviewOn(ctx, db.e.Read(), id, "")
	if err != nil {
		return nil, db.notFoundOr(err, "Interview", "interview")
	}
	return r, nil
}

// ListInterviews returns a page of interviews, earliest first.
func (db *DB) ListInterviews(ctx context.Context, f store.InterviewQuery) ([]store.InterviewRecord, string, error) {
	pq, err := NewPageQuery("list interviews", interviewSelect, InterviewsEarliest, f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	if f.ApplicationID == "" && f.InterviewerID == "" && f.CandidateID == "" {
		return nil, "", errors.New("list interviews: no selection")
	}
	if f.ApplicationID != "" {
		pq.Where(`i.application_id = ?`, f.ApplicationID)
	}
	if f.InterviewerID != "" && f.AnyJob {
		pq.Where(`i.id IN (SELECT interview_id FROM interview_interviewers WHERE user_id = ?)`, f.InterviewerID)
	} else if f.InterviewerID != "" {
		// Only on jobs the interviewer still works on: taken off the
		// team, they no longer see the interviews they were given.
		pq.Where(`i.id IN (SELECT interview_id FROM interview_interviewers WHERE user_id = ?)
			AND (j.recruiter_id = ? OR EXISTS (SELECT 1 FROM job_team t WHERE t.job_id = a.job_id AND t.user_id = ?))`,
			f.InterviewerID, f.InterviewerID, f.InterviewerID)
	}
	if f.CandidateID != "" {
		pq.Where(`a.candidate_id = ?`, f.CandidateID)
	}
	if !f.From.IsZero() {
		// An interview lasts at most MaxInterviewMinutes: those that
		// started that long before From may still run.
		pq.Where(`i.starts_at >= ?`, TS(f.From.Add(-hiregate.MaxInterviewMinutes*time.Minute)))
		pq.Where(`i.starts_at + i.duration_minutes * 60000000000 > ?`, TS(f.From))
	}
	r := db.e.Read()
	recs, next, err := readPage(ctx, db, r, pq, scanInterview, func(r *store.InterviewRecord) (time.Time, string) {
		return r.StartsAt, r.ID
	})
	if err != nil {
		return nil, "", err
	}
	if err := db.completeInterviews(ctx, r, recs); err != nil {
		return nil, "", db.errorf("list interviews", err)
	}
	out := make([]store.InterviewRecord, len(recs))
	for i, r := range recs {
		out[i] = *r
	}
	return out, next, nil
}

// InterviewConflicts lists the overlapping scheduled interviews of iv's
// interviewers.
func (db *DB) InterviewConflicts(ctx context.Context, iv *hiregate.Interview) ([]hiregate.InterviewConflict, error) {
	if len(iv.Interviewers) == 0 || iv.Status == hiregate.InterviewCancelled {
		return nil, nil
	}
	ids := make([]string, len(iv.Interviewers))
	for i, u := range iv.Interviewers {
		ids[i] = u.ID
	}
	cond, args := In(db.e, "ii.user_id", ids)
	start, end := TS(iv.StartsAt), TS(iv.EndsAt())
	args = append(args, iv.ID, end, TS(iv.StartsAt.Add(-hiregate.MaxInterviewMinutes*time.Minute)), start)
	return readAll(ctx, db, "interview conflicts", func(s Scanner) (hiregate.InterviewConflict, error) {
		var c hiregate.InterviewConflict
		var at int64
		err := s.Scan(&c.InterviewID, &c.Interviewer.ID, &c.Interviewer.FullName, &at, &c.DurationMinutes)
		c.StartsAt = FromTS(at)
		return c, err
	}, `SELECT i.id, u.id, u.full_name, i.starts_at, i.duration_minutes
		FROM interview_interviewers ii JOIN interviews i ON i.id = ii.interview_id JOIN users u ON u.id = ii.user_id
		WHERE `+cond+` AND i.status = 'scheduled' AND i.id <> ?
		AND i.starts_at < ? AND i.starts_at >= ? AND i.starts_at + i.duration_minutes * 60000000000 > ?
		ORDER BY i.starts_at, i.id, u.id`, args...)
}

// Scorecard returns a job's scorecard, empty when none was set.
func (db *DB) Scorecard(ctx context.Context, jobID string) (*hiregate.Scorecard, error) {
	return db.scorecardOn(ctx, db.e.Read(), jobID)
}

func (db *DB) scorecardOn(ctx context.Context, q Q, jobID string) (*hiregate.Scorecard, error) {
	sc := &hiregate.Scorecard{JobID: jobID, Criteria: []hiregate.Criterion{}}
	var criteria string
	var updated int64
	err := q.QueryRow(ctx, `SELECT criteria, required_before_offer, updated_at FROM scorecards WHERE job_id = ?`, jobID).
		Scan(&criteria, &sc.RequiredBeforeOffer, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return sc, nil
	}
	if err != nil {
		return nil, db.errorf("scorecard", err)
	}
	sc.UpdatedAt = FromTS(updated)
	if err := json.Unmarshal([]byte(criteria), &sc.Criteria); err != nil {
		return nil, db.errorf("scorecard", err)
	}
	return sc, nil
}

// PutScorecard replaces a job's scorecard in one statement.
func (db *DB) PutScorecard(ctx context.Context, sc *hiregate.Scorecard) error {
	b, err := json.Marshal(sc.Criteria)
	if err != nil {
		return err
	}
	sc.UpdatedAt = FromTS(TS(sc.UpdatedAt))
	_, err = db.exec(ctx, "put scorecard", `INSERT INTO scorecards (job_id, criteria, required_before_offer, updated_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET criteria = excluded.criteria,
		required_before_offer = excluded.required_before_offer, updated_at = excluded.updated_at`,
		sc.JobID, string(b), sc.RequiredBeforeOffer, TS(sc.UpdatedAt))
	if err != nil && db.e.ForeignKey(err) {
		return NotFound("Job")
	}
	return err
}

func scanFeedback(row Scanner) (hiregate.Feedback, error) {
	var f hiregate.Feedback
	var ratings string
	var submitted, updated int64
	if err := row.Scan(&f.InterviewID, &f.ApplicationID, &f.Author.ID, &f.Author.FullName, &ratings,
		&f.Recommendation, &f.Notes, &submitted, &updated); err != nil {
		return f, err
	}
	f.SubmittedAt, f.UpdatedAt = FromTS(submitted), FromTS(updated)
	return f, json.Unmarshal([]byte(ratings), &f.Ratings)
}

// PutFeedback writes one author's feedback. The interview's application
// is locked for share, so a move of it (which locks it for update) waits
// for this write or this write for the move.
func (db *DB) PutFeedback(ctx context.Context, f *hiregate.Feedback, now time.Time,
	check func(*store.InterviewRecord, *hiregate.Scorecard) error) error {
	now = FromTS(TS(now))
	ratings, err := json.Marshal(f.Ratings)
	if err != nil {
		return err
	}
	return db.e.Tx(ctx, func(q Q) error {
		var status string
		err := q.QueryRow(ctx, `SELECT a.status FROM interviews i JOIN applications a ON a.id = i.application_id
			WHERE i.id = ? `+db.e.Lock(ForShare, "a"), f.InterviewID).Scan(&status)
		if err != nil {
			return db.notFoundOr(err, "Interview", "put feedback")
		}
		r, err := db.interviewOn(ctx, q, f.InterviewID, "")
		if err != nil {
			return db.notFoundOr(err, "Interview", "put feedback")
		}
		sc, err := db.scorecardOn(ctx, q, r.Job.ID)
		if err != nil {
			return err
		}
		if err := check(r, sc); err != nil {
			return err
		}
		_, err = q.Exec(ctx, `INSERT INTO feedback (interview_id, author_id, application_id, ratings, recommendation,
			notes, submitted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (interview_id, author_id) DO UPDATE SET ratings = excluded.ratings,
			recommendation = excluded.recommendation, notes = excluded.notes, updated_at = excluded.updated_at`,
			f.InterviewID, f.Author.ID, r.ApplicationID, string(ratings), f.Recommendation, f.Notes, TS(now), TS(now))
		if err != nil {
			return db.errorf("put feedback", err)
		}
		got, err := scanFeedback(q.QueryRow(ctx, feedbackSelect+` WHERE f.interview_id = ? AND f.author_id = ?`,
			f.InterviewID, f.Author.ID))
		if err != nil {
			return db.errorf("put feedback", err)
		}
		*f = got
		return nil
	})
}

// Feedback returns one author's feedback on an interview.
func (db *DB) Feedback(ctx context.Context, interviewID, authorID string) (*hiregate.Feedback, error) {
	f, err := scanFeedback(db.e.Read().QueryRow(ctx, feedbackSelect+` WHERE f.interview_id = ? AND f.author_id = ?`,
		interviewID, authorID))
	if err != nil {
		return nil, db.notFoundOr(err, "Feedback", "feedback")
	}
	return &f, nil
}

// AuthorFeedback lists what one user wrote, oldest first.
func (db *DB) AuthorFeedback(ctx context.Context, authorID string) ([]hiregate.Feedback, error) {
	return readAll(ctx, db, "author feedback", scanFeedback,
		feedbackSelect+` WHERE f.author_id = ? ORDER BY f.submitted_at, f.interview_id`, authorID)
}

// ApplicationFeedback lists an application's feedback, oldest first.
func (db *DB) ApplicationFeedback(ctx context.Context, applicationID string) ([]hiregate.Feedback, error) {
	out, err := readAll(ctx, db, "application feedback", scanFeedback,
		feedbackSelect+` WHERE f.application_id = ? ORDER BY f.submitted_at, f.interview_id, f.author_id`, applicationID)
	if out == nil {
		out = []hiregate.Feedback{}
	}
	return out, err
}

// OfferGate reads, on the caller's transaction when in an Atomic view,
// whether the application's job requires feedback none has given.
func (db *DB) OfferGate(ctx context.Context, applicationID string) (bool, error) {
	var blocked bool
	err := db.e.Read().QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM applications a
		JOIN scorecards s ON s.job_id = a.job_id
		WHERE a.id = ? AND s.required_before_offer
		AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.application_id = a.id))`, applicationID).Scan(&blocked)
	if err != nil {
		return false, db.errorf("offer gate", err)
	}
	return blocked, nil
}

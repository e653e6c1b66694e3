package testserver

import (
	"context"
	"testing"
	"time"
	_ "time/tzdata" // the tests' zone on any machine

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/ui"
)

// The interviewers Teams seeds.
const (
	Interviewer  = "sam@example.com"
	Interviewer2 = "alex@example.com"
)

// Criteria are the scorecard Teams gives the Senior Go Engineer job.
var Criteria = []hiregate.Criterion{
	{Name: "Go", Description: "idiomatic code, the standard library, concurrency"},
	{Name: "System design", Description: "trade-offs, failure modes"},
	{Name: "Communication", Description: "explains clearly, listens"},
}

// Teams is Demo with a hiring team on the Senior Go Engineer job: Marcus
// Okafor as a team recruiter, Sam Lee and Alex Kim as interviewers, and a
// scorecard of three criteria (Criteria). No interview is scheduled.
func Teams(t testing.TB) *Server {
	t.Helper()
	s := Demo(t)
	s.AddUser(Interviewer, "Sam Lee", hiregate.RoleInterviewer)
	s.AddUser(Interviewer2, "Alex Kim", hiregate.RoleInterviewer)
	job := s.JobID("Senior Go Engineer")
	s.SetTeam(Recruiter, job, map[string]hiregate.TeamRole{Recruiter2: hiregate.TeamRecruiter, Interviewer: hiregate.TeamInterviewer, Interviewer2: hiregate.TeamInterviewer})
	if _, err := s.As(Recruiter).SetScorecard(context.Background(), job, hiregate.PutScorecardRequest{Criteria: Criteria}); err != nil {
		s.t.Fatalf("testserver: scorecard: %v", err)
	}
	s.SignOutSeeders()
	return s
}

// SetTeam makes the team of job, as owner, the users with these emails in
// these roles.
func (s *Server) SetTeam(owner, jobID string, members map[string]hiregate.TeamRole) *hiregate.Team {
	s.t.Helper()
	var in []hiregate.TeamMemberInput
	for email, role := range members {
		in = append(in, hiregate.TeamMemberInput{UserID: s.User(email).ID, Role: role})
	}
	t, err := s.As(owner).SetTeam(context.Background(), jobID, hiregate.PutTeamRequest{Members: in})
	if err != nil {
		s.t.Fatalf("testserver: team of %s: %v", jobID, err)
	}
	return t
}

// Blind puts job jobID in blind review until stage, as its owner.
func (s *Server) Blind(owner, jobID string, stage hiregate.Stage) {
	s.t.Helper()
	if _, err := s.As(owner).UpdateJob(context.Background(), jobID, hiregate.UpdateJobRequest{BlindUntil: hiregate.SetBlindUntil(stage)}); err != nil {
		s.t.Fatalf("testserver: blind review of %s: %v", jobID, err)
	}
}

// Schedule schedules, as who, an interview of application appID at start
// for minutes, with the interviewers of these emails, in room "Room 4".
func (s *Server) Schedule(who, appID string, start time.Time, minutes int, interviewers ...string) *hiregate.Interview {
	s.t.Helper()
	ids := make([]string, len(interviewers))
	for i, e := range interviewers {
		ids[i] = s.User(e).ID
	}
	iv, err := s.As(who).ScheduleInterview(context.Background(), appID, hiregate.CreateInterviewRequest{
		StartsAt: start, DurationMinutes: minutes, Location: "Room 4", InterviewerIDs: ids})
	if err != nil {
		s.t.Fatalf("testserver: schedule: %v", err)
	}
	s.name(iv.ID, "interview "+start.UTC().Format("01-02 15:04"))
	return iv
}

// Feedback sends, as interviewer who, feedback on interview id.
func (s *Server) Feedback(who, id string, ratings map[string]int, rec hiregate.Recommendation, notes string) *hiregate.Feedback {
	s.t.Helper()
	f, err := s.As(who).SubmitFeedback(context.Background(), id, hiregate.FeedbackRequest{Ratings: ratings, Recommendation: rec, Notes: notes})
	if err != nil {
		s.t.Fatalf("testserver: feedback by %s: %v", who, err)
	}
	return f
}

// Berlin is the zone the interview tests show times in, as a terminal
// with TZ=Europe/Berlin would.
var Berlin = mustZone("Europe/Berlin")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// InBerlin sets c to show times in Berlin and to take Epoch (a Monday,
// 10:30 in Berlin) as now.
func InBerlin(c *ui.Context) {
	c.Loc = Berlin
	c.Clock = func() time.Time { return Epoch }
}

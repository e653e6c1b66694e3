package hiregate

// Ownership rules of the API contract, as plain functions so the server
// enforces them in one place and the client can predict them.

// JobRelation is how a user stands to a job beyond owning it: their place
// on its hiring team and, for one application, whether they interview it.
// The zero value is a stranger's.
type JobRelation struct {
	// TeamRole is the user's role on the job's team ("" for none).
	TeamRole TeamRole
	// Interviewing is true when the user is an interviewer of a
	// scheduled interview of the application in question.
	Interviewing bool
}

// OnTeam reports whether the user is on the job's team.
func (r JobRelation) OnTeam() bool { return r.TeamRole != "" }

// CanManageJob reports whether the user may change a job and its team:
// its owner or an admin.
func CanManageJob(userID string, role Role, jobOwnerID string) bool {
	return role == RoleAdmin || (role == RoleRecruiter && userID == jobOwnerID)
}

// CanWorkOnJob reports whether the user has the owner's rights over a
// job's applications (see them all, move, reject, notes, messages,
// interviews, feedback): its owner, a recruiter of its team, or an admin.
func CanWorkOnJob(userID string, role Role, jobOwnerID string, rel JobRelation) bool {
	return CanManageJob(userID, role, jobOwnerID) || (role == RoleRecruiter && rel.TeamRole == TeamRecruiter)
}

// CanViewJob reports whether the user may see a job. Candidates see open
// jobs, and closed ones they applied to; recruiters their own jobs and
// those whose team they are on; interviewers those whose team they are
// on. related is "applied to it" for a candidate and "on its team"
// (rel.OnTeam()) for staff.
func CanViewJob(userID string, role Role, job *Job, related bool) bool {
	switch role {
	case RoleAdmin:
		return true
	case RoleRecruiter:
		return job.Recruiter.ID == userID || related
	case RoleInterviewer:
		return related
	case RoleCandidate:
		return job.Status == JobOpen || related
	}
	return false
}

// ApplicationActor says how the user relates to an application without
// a team: as its candidate, as the job's owner (or an admin), or not at
// all (ok false). Use ApplicationAccess where the team is known.
func ApplicationActor(userID string, role Role, candidateID, jobOwnerID string) (actor Actor, ok bool) {
	return ApplicationAccess(userID, role, candidateID, jobOwnerID, JobRelation{})
}

// ApplicationAccess says how the user relates to an application: as its
// candidate; as the job's owner, a team recruiter or an admin
// (ActorRecruiter); as an interviewer on the job's team with a scheduled
// interview of it (ActorInterviewer, which reads the application and its
// interviews but never notes or messages, and moves nothing); or not at
// all (ok false: the application is a 404).
func ApplicationAccess(userID string, role Role, candidateID, jobOwnerID string, rel JobRelation) (actor Actor, ok bool) {
	switch {
	case role == RoleCandidate && userID == candidateID:
		return ActorCandidate, true
	case CanWorkOnJob(userID, role, jobOwnerID, rel):
		return ActorRecruiter, true
	case role == RoleInterviewer && rel.TeamRole == TeamInterviewer && rel.Interviewing:
		return ActorInterviewer, true
	}
	return 0, false
}

package hiregate

// Ownership rules of the API contract, as plain functions so the server
// enforces them in one place and the client can predict them.

// CanManageJob reports whether the user may see a job's applications and
// change it: its owner or an admin.
func CanManageJob(userID string, role Role, jobOwnerID string) bool {
	return role == RoleAdmin || (role == RoleRecruiter && userID == jobOwnerID)
}

// CanViewJob reports whether the user may see a job. Candidates see open
// jobs, and closed ones they applied to; recruiters see their own jobs.
func CanViewJob(userID string, role Role, job *Job, appliedTo bool) bool {
	switch role {
	case RoleAdmin:
		return true
	case RoleRecruiter:
		return job.Recruiter.ID == userID
	case RoleCandidate:
		return job.Status == JobOpen || appliedTo
	}
	return false
}

// ApplicationActor says how the user relates to an application: as its
// candidate, as the job's owner (or an admin), or not at all (ok false).
func ApplicationActor(userID string, role Role, candidateID, jobOwnerID string) (actor Actor, ok bool) {
	switch {
	case role == RoleCandidate && userID == candidateID:
		return ActorCandidate, true
	case CanManageJob(userID, role, jobOwnerID):
		return ActorRecruiter, true
	}
	return 0, false
}

package hiregate

// Role is what a user may do. Roles are defined once here and nowhere else.
type Role string

const (
	RoleCandidate Role = "candidate"
	// RoleInterviewer sees only the applications it interviews, from the
	// moment it is assigned; it never moves, rejects or messages.
	RoleInterviewer Role = "interviewer"
	RoleRecruiter   Role = "recruiter"
	RoleAdmin       Role = "admin"
)

// Roles lists every role, in order of increasing privilege.
var Roles = []Role{RoleCandidate, RoleInterviewer, RoleRecruiter, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleCandidate, RoleInterviewer, RoleRecruiter, RoleAdmin:
		return true
	}
	return false
}

package hiregate

// Role is what a user may do. Roles are defined once here and nowhere else.
type Role string

const (
	RoleCandidate Role = "candidate"
	RoleRecruiter Role = "recruiter"
	RoleAdmin     Role = "admin"
)

// Roles lists every role, in order of increasing privilege.
var Roles = []Role{RoleCandidate, RoleRecruiter, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleCandidate, RoleRecruiter, RoleAdmin:
		return true
	}
	return false
}

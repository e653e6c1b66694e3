package accounts

import (
	"context"
	"time"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// errCandidatesOnly answers staff: self-identification is asked of
// candidates, and only for the aggregate impact report.
var errCandidatesOnly = hiregate.Errorf(hiregate.EFORBIDDEN, "Only candidates answer the voluntary self-identification")

// Demographics returns the caller's own voluntary self-identification
// (GET /users/me/demographics). Nobody else can read one person's answers.
func (s *Service) Demographics(ctx context.Context, p *caller.Principal) (*hiregate.Demographics, error) {
	if p.Role != hiregate.RoleCandidate {
		return nil, errCandidatesOnly
	}
	return s.st.Demographics(ctx, p.UserID)
}

// PutDemographics replaces the caller's answers (PUT
// /users/me/demographics); a value outside the lists is a 422.
func (s *Service) PutDemographics(ctx context.Context, p *caller.Principal, req hiregate.DemographicsRequest) (*hiregate.Demographics, error) {
	if p.Role != hiregate.RoleCandidate {
		return nil, errCandidatesOnly
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return s.st.PutDemographics(ctx, p.UserID, req, time.Now().UTC())
}

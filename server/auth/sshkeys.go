package auth

import (
	"context"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/sshkey"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// SSHKeys lists the caller's linked public keys, oldest first.
func (s *Service) SSHKeys(ctx context.Context, p *caller.Principal) ([]hiregate.SSHKey, error) {
	if p == nil {
		return nil, fresh(errNotAuthenticated)
	}
	return s.st.ListSSHKeys(ctx, p.UserID)
}

// AddSSHKey links a public key to the caller's account (audited
// ssh_key_added). A key already linked to any account is ECONFLICT.
func (s *Service) AddSSHKey(ctx context.Context, p *caller.Principal, req hiregate.AddSSHKeyRequest, ci caller.ClientInfo) (*hiregate.SSHKey, error) {
	if p == nil {
		return nil, fresh(errNotAuthenticated)
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	k, err := sshkey.Parse(req.PublicKey)
	if err != nil {
		return nil, err
	}
	name := req.Name
	if name == "" {
		name = truncate(k.Comment, hiregate.MaxSSHKeyNameLen)
	}
	rec := &store.SSHKeyRecord{UserID: p.UserID, SSHKey: hiregate.SSHKey{
		ID: newID(), Name: name, Type: k.Type, Fingerprint: k.Fingerprint, PublicKey: k.Authorized, CreatedAt: s.now(),
	}}
	if err := s.st.AddSSHKey(ctx, rec, hiregate.MaxSSHKeysPerUser); err != nil {
		return nil, err
	}
	s.audit(ctx, hiregate.AuditSSHKeyAdded, p.UserID, p.Email, ci, k.Type+" "+k.Fingerprint)
	return &rec.SSHKey, nil
}

// RemoveSSHKey unlinks one of the caller's keys (audited
// ssh_key_removed); ENOTFOUND when it is not theirs.
func (s *Service) RemoveSSHKey(ctx context.Context, p *caller.Principal, id string, ci caller.ClientInfo) error {
	if p == nil {
		return fresh(errNotAuthenticated)
	}
	if id == "" || len(id) > 128 {
		return hiregate.Errorf(hiregate.ENOTFOUND, "SSH key not found")
	}
	k, err := s.st.DeleteSSHKey(ctx, p.UserID, id)
	if err != nil {
		return err
	}
	s.audit(ctx, hiregate.AuditSSHKeyRemoved, p.UserID, p.Email, ci, k.Type+" "+k.Fingerprint)
	return nil
}

// LoginSSHKey is the ssh-key grant: an SSH gateway, which has checked
// that its client holds the private key, starts a session for the
// account the key is linked to. The caller (the HTTP layer) has checked
// the gateway credential. An unlinked key and a deactivated account are
// the same invalid_grant; an account with a second factor is answered
// mfa_required, to be finished with the mfa-otp grant.
func (s *Service) LoginSSHKey(ctx context.Context, publicKey string, ci caller.ClientInfo) (*hiregate.TokenResponse, error) {
	k, err := sshkey.Parse(publicKey)
	if err != nil {
		return nil, &hiregate.Error{Code: hiregate.EBADREQUEST, Message: "public_key is not an accepted OpenSSH public key", OAuth: hiregate.OAuthInvalidRequest}
	}
	rec, err := s.st.UseSSHKey(ctx, k.Fingerprint, s.now())
	switch {
	case hiregate.ErrorCode(err) == hiregate.ENOTFOUND:
		s.audit(ctx, hiregate.AuditLoginFailed, "", "", ci, "ssh key "+k.Fingerprint+" not linked")
		return nil, fresh(errInvalidCredentials)
	case err != nil:
		return nil, err
	}
	u, err := s.st.UserByID(ctx, rec.UserID)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		s.audit(ctx, hiregate.AuditLoginFailed, u.ID, u.Email, ci, "ssh key "+k.Fingerprint+": account deactivated")
		return nil, fresh(errInvalidCredentials)
	}
	if u.MFA {
		return nil, s.challenge(ctx, u)
	}
	tr, err := s.startSession(ctx, &u.User, ci)
	if err != nil {
		return nil, err
	}
	s.audit(ctx, hiregate.AuditLoginOK, u.ID, u.Email, ci, "ssh key "+k.Fingerprint)
	return tr, nil
}

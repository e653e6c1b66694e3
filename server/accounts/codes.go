package accounts

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/caller"
	"github.com/hiregate/hiregate/server/events"
	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Throttles of the routes that mail codes and take them. Each window is at
// most hiregate.LoginWindow, the age after which the server prunes
// attempts.
const (
	// ForgotAccountLimit codes may be asked for one address, and
	// ForgotIPLimit from one client address, per LoginWindow.
	ForgotAccountLimit = 5
	ForgotIPLimit      = 30
	// CodeAccountLimit codes may be tried for one account, and
	// CodeIPLimit from one client address, per LoginWindow: with the
	// burn after hiregate.CodeMaxTries wrong ones, a guesser gets about
	// 10 tries per 2^40 codes every quarter of an hour.
	CodeAccountLimit = 10
	CodeIPLimit      = 50
	// ResendEvery is how often a verification code may be sent again.
	ResendEvery = time.Minute
)

// Throttle key prefixes not keyed by an email (those are in store).
const (
	throttleForgotIP = "forgot-ip:"
	throttleCodeIP   = "code-ip:"
	throttleResend   = "resend:"
)

// Data keys the account mails fill, besides those every mail gets.
const (
	MailKeyExpiresIn = "ExpiresIn"
	MailKeyInvitedBy = "InvitedBy"
	MailKeyRole      = "Role"
)

// code is a fresh one-time code: what is mailed, and its keyed hash.
type code struct {
	text string
	hash []byte
}

// newCode makes a code for userID and purpose. Unknown accounts get one
// too (userID ""), made and hashed the same way and thrown away, so that
// the answer takes the same work.
func (s *Service) newCode(userID string, p hiregate.CodePurpose) code {
	var b [hiregate.CodeLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	text := hiregate.EncodeOneTimeCode(b[:])
	return code{text: text, hash: s.codeHash(userID, p, text)}
}

// codeHash is the stored form of a code: HMAC-SHA-256 under the server's
// code key, over the purpose, the account and the canonical code. A code
// has 40 bits, which a plain hash would not protect against whoever reads
// the database (2^40 hashes are minutes of work); the key is not in the
// database. Without a key (tests, tools) it is an unkeyed hash salted by
// the account.
func (s *Service) codeHash(userID string, p hiregate.CodePurpose, canonical string) []byte {
	m := hmac.New(sha256.New, s.codeKey)
	fmt.Fprintf(m, "%s\x00%s\x00%s", p, userID, canonical)
	return m.Sum(nil)
}

// putCode stores c as userID's code of purpose p in tx and queues the mail
// that carries it.
func (s *Service) putCode(ctx context.Context, tx store.Store, u *hiregate.User, p hiregate.CodePurpose, c code, data map[string]string) error {
	now := s.now()
	if err := tx.PutCode(ctx, store.CodeRecord{UserID: u.ID, Purpose: p, Hash: c.hash, CreatedAt: now, ExpiresAt: now.Add(p.TTL())}); err != nil {
		return err
	}
	if data == nil {
		data = map[string]string{}
	}
	data[hiregate.MailKeyName] = u.FullName
	data[hiregate.MailKeyCode] = c.text
	data[MailKeyExpiresIn] = humanDuration(p.TTL())
	return tx.QueueMail(ctx, store.MailRequest{UserID: u.ID, To: u.Email, ToName: u.FullName, Template: string(p), Data: data})
}

// humanDuration says a code's lifetime in words for its mail.
func humanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	}
	return fmt.Sprintf("%d minutes", int(d/time.Minute))
}

// reserve records one attempt under each limit, or answers 429.
func (s *Service) reserve(ctx context.Context, limits ...store.Limit) ([]int64, error) {
	ids, err := s.st.ReserveAttempts(ctx, limits, s.now())
	var he *hiregate.Error
	if errors.As(err, &he) && he.Code == hiregate.ETHROTTLED {
		return nil, &hiregate.Error{Code: hiregate.ETHROTTLED, Message: "Too many attempts, try again later", RetryAfter: max(he.RetryAfter, 1)}
	}
	return ids, err
}

// limits is an account limit and, when the client has an address, an
// address limit.
func limits(acctKey string, acctMax int, ipKey string, ipMax int, ci caller.ClientInfo) []store.Limit {
	l := []store.Limit{{Key: acctKey, Max: acctMax, Window: hiregate.LoginWindow}}
	if ci.IP != "" {
		l = append(l, store.Limit{Key: ipKey + ci.IP, Max: ipMax, Window: hiregate.LoginWindow})
	}
	return l
}

// codeLimits throttle tries of codes for email.
func codeLimits(email string, ci caller.ClientInfo) []store.Limit {
	return limits(store.ThrottleCode+email, CodeAccountLimit, throttleCodeIP, CodeIPLimit, ci)
}

// release gives back attempts that succeeded: a right code is not a guess.
func (s *Service) release(ctx context.Context, ids []int64) {
	_ = s.st.ReleaseAttempts(context.WithoutCancel(ctx), ids)
}

// useCode spends userID's code of purpose if canonical is it, and then
// runs then in the same transaction. It returns ErrInvalidCode for any
// code that is not accepted; wrong tries are counted (committed) all the
// same.
func (s *Service) useCode(ctx context.Context, userID string, p hiregate.CodePurpose, canonical string, then func(tx store.Store) error) error {
	got := store.CodeMissing
	err := s.st.Atomic(ctx, func(tx store.Store) error {
		var err error
		got, err = tx.UseCode(ctx, userID, p, s.codeHash(userID, p, canonical), s.now(), hiregate.CodeMaxTries)
		if err != nil || got != store.CodeAccepted {
			return err
		}
		return then(tx)
	})
	if err != nil {
		return err
	}
	if got != store.CodeAccepted {
		return hiregate.ErrInvalidCode()
	}
	return nil
}

// VerifyEmail takes the code mailed to the caller's address
// (POST /users/me/email/verify).
func (s *Service) VerifyEmail(ctx context.Context, p *caller.Principal, req hiregate.VerifyEmailRequest, ci caller.ClientInfo) error {
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	if req.Code == "" {
		return hiregate.ValidationError(map[string]string{"code": "required"})
	}
	if u.EmailVerified {
		return nil
	}
	ids, err := s.reserve(ctx, codeLimits(u.Email, ci)...)
	if err != nil {
		return err
	}
	canonical, ok := hiregate.ParseOneTimeCode(req.Code)
	if !ok {
		return hiregate.ErrInvalidCode()
	}
	yes := true
	err = s.useCode(ctx, u.ID, hiregate.CodeVerifyEmail, canonical, func(tx store.Store) error {
		if _, err := tx.UpdateUser(ctx, u.ID, store.UserChange{EmailVerified: &yes}, false, ""); err != nil {
			return err
		}
		return tx.RecordAudit(ctx, &hiregate.AuditEvent{At: s.now(), Type: hiregate.AuditEmailVerified, UserID: u.ID, Email: u.Email, IP: ci.IP})
	})
	if err == nil {
		s.release(ctx, ids)
	}
	return err
}

// ResendVerification mails the caller a new verification code, which
// replaces the old one (POST /users/me/email/verify/resend). At most one
// per ResendEvery: 429 with the wait otherwise.
func (s *Service) ResendVerification(ctx context.Context, p *caller.Principal) error {
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	if u.EmailVerified {
		return hiregate.Errorf(hiregate.ECONFLICT, "Email address already verified")
	}
	if _, err := s.reserve(ctx, resendLimit(u.ID)); err != nil {
		return err
	}
	c := s.newCode(u.ID, hiregate.CodeVerifyEmail)
	return s.st.Atomic(ctx, func(tx store.Store) error {
		return s.putCode(ctx, tx, &u.User, hiregate.CodeVerifyEmail, c, nil)
	})
}

func resendLimit(userID string) store.Limit {
	return store.Limit{Key: throttleResend + userID, Max: 1, Window: ResendEvery}
}

// ForgotPassword mails a reset code to an active account's address
// (POST /auth/password/forgot). Whatever the address, the answer is the
// same and the work too: a code is made and hashed, and one transaction
// writes an audit entry and a row of the codes table (the code of an
// account, or the deletion of a code no account has), so that neither the
// answer nor its time tells whether the address has an account.
func (s *Service) ForgotPassword(ctx context.Context, req hiregate.ForgotPasswordRequest, ci caller.ClientInfo) error {
	if err := req.Validate(); err != nil {
		return err
	}
	email := req.Email
	if _, err := s.reserve(ctx, limits(store.ThrottleForgot+email, ForgotAccountLimit, throttleForgotIP, ForgotIPLimit, ci)...); err != nil {
		return err
	}
	u, err := s.st.UserByEmail(ctx, email)
	if err != nil && hiregate.ErrorCode(err) != hiregate.ENOTFOUND {
		return err
	}
	known := err == nil && u.Active
	userID := ""
	if known {
		userID = u.ID
	}
	c := s.newCode(userID, hiregate.CodePasswordReset)
	return s.st.Atomic(ctx, func(tx store.Store) error {
		ev := &hiregate.AuditEvent{At: s.now(), Type: hiregate.AuditPasswordResetRequested, Email: email, IP: ci.IP}
		if !known {
			ev.Detail = "no active account; nothing sent"
			if err := tx.DropCode(ctx, c.text, hiregate.CodePasswordReset); err != nil {
				return err
			}
			return tx.RecordAudit(ctx, ev)
		}
		ev.UserID, ev.Detail = u.ID, "code mailed"
		if err := s.putCode(ctx, tx, &u.User, hiregate.CodePasswordReset, c, nil); err != nil {
			return err
		}
		return tx.RecordAudit(ctx, ev)
	})
}

// ResetPassword sets a new password with the code mailed by
// ForgotPassword (POST /auth/password/reset): every session of the account
// ends, its second factor stays. A wrong, spent, burnt or expired code,
// and an address without an active account, are the one invalid_code
// answer, after the same bcrypt work.
func (s *Service) ResetPassword(ctx context.Context, req hiregate.ResetPasswordRequest, ci caller.ClientInfo) error {
	if err := req.Validate(); err != nil {
		return err
	}
	ids, hash, canonical, u, err := s.codeAccount(ctx, req.Email, req.Code, "new_password", req.NewPassword, ci)
	if err != nil {
		return err
	}
	if !u.Active {
		return hiregate.ErrInvalidCode()
	}
	// Typing the code mailed to the address proves the address too.
	yes := true
	err = s.useCode(ctx, u.ID, hiregate.CodePasswordReset, canonical, func(tx store.Store) error {
		if _, err := tx.UpdateUser(ctx, u.ID, store.UserChange{PasswordHash: &hash, EmailVerified: &yes}, true, ""); err != nil {
			return err
		}
		return tx.RecordAudit(ctx, &hiregate.AuditEvent{At: s.now(), Type: hiregate.AuditPasswordReset,
			UserID: u.ID, Email: u.Email, IP: ci.IP, Detail: "with a mailed code; every session ended"})
	})
	if err != nil {
		return err
	}
	s.release(ctx, ids)
	s.pub.Publish(ctx, events.SessionsRevoked(u.ID, "", hiregate.ReasonPasswordChanged))
	return nil
}

// codeAccount is what setting a password with a mailed code starts with:
// the throttle's reservation, the new password's hash (done before the
// lookup, so an unknown address costs the same bcrypt work), the code in
// its canonical form and the account. An unknown address or a code that
// cannot be one is the one invalid_code answer.
func (s *Service) codeAccount(ctx context.Context, email, code, field, password string, ci caller.ClientInfo) (ids []int64, hash, canonical string, u *store.UserRecord, err error) {
	if ids, err = s.reserve(ctx, codeLimits(email, ci)...); err != nil {
		return nil, "", "", nil, err
	}
	if hash, err = s.auth.HashPassword(ctx, field, password); err != nil {
		return nil, "", "", nil, err
	}
	canonical, ok := hiregate.ParseOneTimeCode(code)
	u, err = s.st.UserByEmail(ctx, email)
	switch {
	case hiregate.ErrorCode(err) == hiregate.ENOTFOUND || (err == nil && !ok):
		return nil, "", "", nil, hiregate.ErrInvalidCode()
	case err != nil:
		return nil, "", "", nil, err
	}
	return ids, hash, canonical, u, nil
}

// AcceptInvitation activates an invited account with the code mailed to
// it and the password its owner chose (POST /auth/invitation/accept).
func (s *Service) AcceptInvitation(ctx context.Context, req hiregate.AcceptInvitationRequest, ci caller.ClientInfo) error {
	if err := req.Validate(); err != nil {
		return err
	}
	ids, hash, canonical, u, err := s.codeAccount(ctx, req.Email, req.Code, "password", req.Password, ci)
	if err != nil {
		return err
	}
	yes := true
	err = s.useCode(ctx, u.ID, hiregate.CodeInvitation, canonical, func(tx store.Store) error {
		c := store.UserChange{Active: &yes, PasswordHash: &hash, EmailVerified: &yes}
		if _, err := tx.UpdateUser(ctx, u.ID, c, true, ""); err != nil {
			return err
		}
		return tx.RecordAudit(ctx, &hiregate.AuditEvent{At: s.now(), Type: hiregate.AuditInvitationAccepted,
			UserID: u.ID, Email: u.Email, IP: ci.IP, Detail: string(u.Role)})
	})
	if err == nil {
		s.release(ctx, ids)
	}
	return err
}

// UpdateMe changes the caller's own settings (PATCH /users/me).
func (s *Service) UpdateMe(ctx context.Context, p *caller.Principal, req hiregate.UpdateMeRequest) (*hiregate.User, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	u, err := s.st.UpdateUser(ctx, p.UserID, store.UserChange{NotifyEmail: req.NotifyEmail}, false, "")
	if err != nil {
		return nil, err
	}
	return &u.User, nil
}

// MayApply answers ErrEmailUnverified for a caller whose address is not
// verified, on a server that requires verified addresses to apply.
func (s *Service) MayApply(ctx context.Context, p *caller.Principal) error {
	if !s.requireVerified {
		return nil
	}
	u, err := s.st.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	if !u.EmailVerified {
		return hiregate.ErrEmailUnverified()
	}
	return nil
}

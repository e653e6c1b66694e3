package httpapi_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/hiregate/hiregate/server/httpapi"
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
)

const gatewaySecret = "0123456789abcdef0123456789abcdef-gateway"

func newSSHKey(t *testing.T) (line, fingerprint string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))), ssh.FingerprintSHA256(pk)
}

// headerTransport adds headers to every request, as a gateway's client
// does.
type headerTransport struct {
	base http.RoundTripper
	h    map[string]string
}

func (t headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range t.h {
		r.Header.Set(k, v)
	}
	return t.base.RoundTrip(r)
}

// gatewayClient is an anonymous client sending credential (none when "")
// and the SSH client's address.
func (e *env) gatewayClient(credential, clientAddr string) *client.Client {
	e.t.Helper()
	hc := e.httpClient()
	h := map[string]string{hiregate.GatewayClientHeader: clientAddr}
	if credential != "" {
		h[hiregate.GatewayCredentialHeader] = credential
	}
	hc.Transport = headerTransport{base: hc.Transport, h: h}
	c, err := client.New(e.srv.URL, client.WithHTTPClient(hc), client.WithClock(e.clock.Now))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func newGatewayEnv(t *testing.T) *env {
	return newEnvWith(t, func(c *httpapi.Config) {
		c.Gateway = httpapi.Gateway{Secret: gatewaySecret, Address: "jobs.example.com:22"}
	})
}

func TestSSHKeys(t *testing.T) {
	e := newGatewayEnv(t)
	p := e.people()
	line, fp := newSSHKey(t)
	k, err := p.cc.AddSSHKey(bg, hiregate.AddSSHKeyRequest{PublicKey: line + " carl@laptop"})
	wantOK(t, "AddSSHKey", err)
	if k.Fingerprint != fp || k.Name != "carl@laptop" || k.PublicKey != line || k.Type != "ssh-ed25519" || k.LastUsedAt != nil {
		t.Fatalf("AddSSHKey = %+v, want fingerprint %s named after the comment", k, fp)
	}
	tests := []struct {
		name string
		c    *client.Client
		req  hiregate.AddSSHKeyRequest
		code string
	}{
		{"again", p.cc, hiregate.AddSSHKeyRequest{PublicKey: line}, hiregate.ECONFLICT},
		{"linked elsewhere", p.rec, hiregate.AddSSHKeyRequest{PublicKey: line, Name: "mine"}, hiregate.ECONFLICT},
		{"not a key", p.cc, hiregate.AddSSHKeyRequest{PublicKey: "ssh-ed25519 nope"}, hiregate.EINVALID},
		{"empty", p.cc, hiregate.AddSSHKeyRequest{}, hiregate.EINVALID},
		{"long name", p.cc, hiregate.AddSSHKeyRequest{PublicKey: line, Name: strings.Repeat("n", 101)}, hiregate.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.c.AddSSHKey(bg, tt.req)
			wantCode(t, "AddSSHKey", err, tt.code)
		})
	}
	keys, err := p.cc.SSHKeys(bg)
	if err != nil || len(keys) != 1 || keys[0].ID != k.ID {
		t.Fatalf("SSHKeys = %+v, %v", keys, err)
	}
	if keys, err := p.rec.SSHKeys(bg); err != nil || len(keys) != 0 {
		t.Fatalf("SSHKeys(rec) = %+v, %v", keys, err)
	}
	wantCode(t, "RemoveSSHKey(another's)", p.rec.RemoveSSHKey(bg, k.ID), hiregate.ENOTFOUND)
	wantOK(t, "RemoveSSHKey", p.cc.RemoveSSHKey(bg, k.ID))
	wantCode(t, "RemoveSSHKey again", p.cc.RemoveSSHKey(bg, k.ID), hiregate.ENOTFOUND)
	audit, err := p.admin.Audit(bg, hiregate.AuditFilter{UserID: p.cand.ID})
	wantOK(t, "Audit", err)
	var added, removed bool
	for _, a := range audit.Items {
		added = added || (a.Type == hiregate.AuditSSHKeyAdded && strings.Contains(a.Detail, fp))
		removed = removed || (a.Type == hiregate.AuditSSHKeyRemoved && strings.Contains(a.Detail, fp))
	}
	if !added || !removed {
		t.Fatalf("audit = %+v, want ssh_key_added and ssh_key_removed naming %s", audit.Items, fp)
	}
}

// The ssh-key grant: only with the gateway credential, only for a linked
// key of an active account, and a second factor is still asked.
func TestSSHKeyGrant(t *testing.T) {
	e := newGatewayEnv(t)
	p := e.people()
	linked, _ := newSSHKey(t)
	unlinked, _ := newSSHKey(t)
	if _, err := p.cc.AddSSHKey(bg, hiregate.AddSSHKeyRequest{PublicKey: linked}); err != nil {
		t.Fatal(err)
	}
	wrong := strings.Replace(gatewaySecret, "0", "1", 1)
	tests := []struct {
		name, credential, key string
		code, oauth           string
	}{
		{"no credential", "", linked, hiregate.EUNAUTHORIZED, hiregate.OAuthUnauthorizedClient},
		{"wrong credential", wrong, linked, hiregate.EUNAUTHORIZED, hiregate.OAuthUnauthorizedClient},
		{"short credential", gatewaySecret[:10], linked, hiregate.EUNAUTHORIZED, hiregate.OAuthUnauthorizedClient},
		{"unlinked key", gatewaySecret, unlinked, hiregate.EUNAUTHORIZED, hiregate.OAuthInvalidGrant},
		{"not a key", gatewaySecret, "ssh-ed25519 AAAA", hiregate.EBADREQUEST, hiregate.OAuthInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.gatewayClient(tt.credential, "198.51.100.7:5555").LoginSSHKey(bg, tt.key)
			var he *hiregate.Error
			if !asHiregate(err, &he) || he.Code != tt.code || he.OAuth != tt.oauth {
				t.Fatalf("LoginSSHKey = %v, want %s %s", err, tt.code, tt.oauth)
			}
		})
	}

	// The linked key signs in; the session shows "ssh" and the SSH
	// client's address, and the key its last use.
	gc := e.gatewayClient(gatewaySecret, "198.51.100.7:5555")
	if _, err := gc.LoginSSHKey(bg, linked); err != nil {
		t.Fatalf("LoginSSHKey = %v", err)
	}
	me, err := gc.Me(bg)
	if err != nil || me.ID != p.cand.ID {
		t.Fatalf("Me = %+v, %v; want the key's owner", me, err)
	}
	ss, err := gc.Sessions(bg)
	wantOK(t, "Sessions", err)
	var found bool
	for _, s := range ss {
		if s.Current {
			found = s.UserAgent == hiregate.SSHSessionAgent && s.IP == "198.51.100.7"
		}
	}
	if !found {
		t.Fatalf("Sessions = %+v, want the current one as ssh from 198.51.100.7", ss)
	}
	if keys, _ := p.cc.SSHKeys(bg); len(keys) != 1 || keys[0].LastUsedAt == nil {
		t.Fatalf("SSHKeys after use = %+v, want a last use", keys)
	}
	// Without the credential, the forwarded address is not believed.
	plain := e.gatewayClient("", "203.0.113.9")
	if _, err := plain.Login(bg, "cand@example.com", testPassword); err != nil {
		t.Fatal(err)
	}
	ss, _ = plain.Sessions(bg)
	for _, s := range ss {
		if s.Current && (s.IP == "203.0.113.9" || s.UserAgent == hiregate.SSHSessionAgent) {
			t.Fatalf("session of a client without the credential = %+v, want its own address", s)
		}
	}

	// A second factor is still asked, and finished with the mfa-otp grant.
	secret, _ := e.enrol(p.cc)
	_, err = gc.LoginSSHKey(bg, linked)
	tok, ok := hiregate.IsMFARequired(err)
	if !ok {
		t.Fatalf("LoginSSHKey with MFA = %v, want mfa_required", err)
	}
	if _, err := gc.LoginMFA(bg, tok, e.code(secret)); err != nil {
		t.Fatalf("LoginMFA = %v", err)
	}
	if ss, _ := gc.Sessions(bg); !hasCurrentSSH(ss) {
		t.Fatalf("Sessions after MFA = %+v, want the current one labelled ssh", ss)
	}

	// A deactivated account's key is refused like an unlinked one.
	f := false
	if _, err := p.admin.UpdateUser(bg, p.cand.ID, hiregate.UpdateUserRequest{Active: &f}); err != nil {
		t.Fatal(err)
	}
	_, err = gc.LoginSSHKey(bg, linked)
	var he *hiregate.Error
	if !asHiregate(err, &he) || he.OAuth != hiregate.OAuthInvalidGrant {
		t.Fatalf("LoginSSHKey of a deactivated account = %v, want invalid_grant", err)
	}
}

func hasCurrentSSH(ss []hiregate.Session) bool {
	for _, s := range ss {
		if s.Current && s.UserAgent == hiregate.SSHSessionAgent {
			return true
		}
	}
	return false
}

func TestHealthzAnnouncesGateway(t *testing.T) {
	h, err := newGatewayEnv(t).client().ServerHealth(bg)
	if err != nil || h.SSHGateway == nil || h.SSHGateway.Address != "jobs.example.com:22" {
		t.Fatalf("ServerHealth = %+v, %v; want the gateway's address", h, err)
	}
	if h, err := newEnv(t).client().ServerHealth(bg); err != nil || h.SSHGateway != nil {
		t.Fatalf("ServerHealth without a gateway = %+v, %v", h, err)
	}
}

func asHiregate(err error, he **hiregate.Error) bool { return errors.As(err, he) }

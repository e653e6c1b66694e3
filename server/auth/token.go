package auth

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// accessTokenType is the JWT "typ" header of access tokens (RFC 9068). It
// keeps any other JWT this server might one day sign from being accepted as
// an access token.
const accessTokenType = "at+jwt"

// maxTokenLen bounds what the parser is given: real tokens are ~400 bytes.
const maxTokenLen = 4096

type accessClaims struct {
	Role hiregate.Role `json:"role"`
	SID  string        `json:"sid"`
	jwt.RegisteredClaims
}

func (s *Service) signingMethod() jwt.SigningMethod {
	if s.cfg.Algorithm == AlgHS256 {
		return jwt.SigningMethodHS256
	}
	return jwt.SigningMethodEdDSA
}

// issueAccessToken signs an access token for userID in session sid.
func (s *Service) issueAccessToken(userID string, role hiregate.Role, sid string) (string, error) {
	now := s.now()
	claims := accessClaims{
		Role: role,
		SID:  sid,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.cfg.Issuer,
			Subject:   userID,
			Audience:  jwt.ClaimStrings{s.cfg.Audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(s.cfg.AccessTTL)),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        base64.RawURLEncoding.EncodeToString(randomBytes(16)),
		},
	}
	kid, key := s.keys.signer()
	t := jwt.NewWithClaims(s.signingMethod(), claims)
	t.Header["typ"] = accessTokenType
	t.Header["kid"] = kid
	signed, err := t.SignedString(key)
	if err != nil {
		return "", fmt.Errorf("sign access token: %w", err)
	}
	return signed, nil
}

// verifyAccessToken checks the token's signature, header and claims (not
// whether its session is still live) and returns its claims, which the
// caller must not modify. Every failure is the same EUNAUTHORIZED error: the
// client learns nothing from the difference between a forged and an expired
// token.
//
// A token seen before skips the signature check and parsing, the bulk of the
// cost, but never the clock checks.
func (s *Service) verifyAccessToken(raw string) (*accessClaims, error) {
	if raw == "" || len(raw) > maxTokenLen {
		return nil, fresh(errInvalidToken)
	}
	if s.tokens == nil {
		c, _, err := s.parseAccessToken(raw)
		return c, err
	}
	now := s.cfg.Now()
	if ct, ok := s.tokens.get(raw); ok {
		// A reload may have dropped the key that signed the token (its file
		// deleted after a rotation); then the token gets the full check,
		// which looks the kid up again.
		if ct.gen == s.keys.generation() || s.keys.has(ct.kid) {
			if ct.valid(now, s.cfg.Leeway) {
				return ct.claims, nil
			}
			s.tokens.drop(raw, ct)
			return nil, fresh(errInvalidToken)
		}
		s.tokens.drop(raw, ct)
	}
	// Read before the check, so that a reload racing with it leaves the
	// entry marked stale rather than current.
	gen := s.keys.generation()
	c, kid, err := s.parseAccessToken(raw)
	if err != nil {
		return nil, err
	}
	ct := &cachedToken{claims: c, kid: kid, gen: gen, exp: c.ExpiresAt.Time, iat: c.IssuedAt.Time}
	if c.NotBefore != nil {
		ct.nbf = c.NotBefore.Time
	}
	s.tokens.put(raw, ct, now, s.cfg.Leeway)
	return c, nil
}

// parseAccessToken is the full check of verifyAccessToken, uncached. It also
// returns the kid of the key that verified the signature.
func (s *Service) parseAccessToken(raw string) (*accessClaims, string, error) {
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{s.signingMethod().Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(s.cfg.Issuer),
		jwt.WithAudience(s.cfg.Audience),
		jwt.WithLeeway(s.cfg.Leeway),
		jwt.WithTimeFunc(s.cfg.Now),
		// Canonical base64 only, so a token has exactly one accepted spelling.
		jwt.WithStrictDecoding(),
	)
	var c accessClaims
	t, err := p.ParseWithClaims(raw, &c, s.keyFor)
	if err != nil {
		return nil, "", fresh(errInvalidToken)
	}
	if c.Subject == "" || c.SID == "" || c.ID == "" || !c.Role.Valid() || c.IssuedAt == nil || c.ExpiresAt == nil {
		return nil, "", fresh(errInvalidToken)
	}
	// iat in the future beyond the leeway means a clock or a forgery problem.
	if c.IssuedAt.After(s.cfg.Now().Add(s.cfg.Leeway)) {
		return nil, "", fresh(errInvalidToken)
	}
	kid, _ := t.Header["kid"].(string) // keyFor has checked it
	return &c, kid, nil
}

// keyFor is the jwt Keyfunc: it checks the header and returns the key the
// token's kid names. The algorithm itself is checked by WithValidMethods
// before this runs.
func (s *Service) keyFor(t *jwt.Token) (any, error) {
	if typ, _ := t.Header["typ"].(string); !strings.EqualFold(typ, accessTokenType) {
		return nil, fmt.Errorf("token type %q is not %s", typ, accessTokenType)
	}
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return nil, fmt.Errorf("token has no kid")
	}
	key, ok := s.keys.lookup(kid)
	if !ok {
		return nil, fmt.Errorf("unknown kid")
	}
	return key, nil
}

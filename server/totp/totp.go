// Package totp is hiregate's use of time-based one-time passwords
// (RFC 6238) through github.com/pquerna/otp: new secrets with their
// otpauth:// URL, and codes matched to the time step they belong to, so
// that the caller can refuse a step that was already used.
//
// The HOTP arithmetic is the library's; this package only fixes the
// parameters (SHA-1, 6 digits, 30 s, as authenticator apps expect) and the
// accepted clock skew.
package totp

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// SecretBytes is the size of a new secret: 160 bits, RFC 4226's
// recommendation and what authenticator apps expect.
const SecretBytes = 20

var period = uint(hiregate.TOTPPeriod / time.Second)

func opts() totp.ValidateOpts {
	return totp.ValidateOpts{Period: period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
}

// Key is a new enrolment.
type Key struct {
	// Secret is the shared secret in base32, as people type it.
	Secret string
	// URL is the otpauth:// URL authenticator apps scan.
	URL string
}

// Generate makes a random secret for account (the user's email).
func Generate(account string) (Key, error) {
	if account == "" {
		return Key{}, errors.New("totp: empty account name")
	}
	k, err := totp.Generate(totp.GenerateOpts{
		Issuer:      hiregate.TOTPIssuer,
		AccountName: account,
		Period:      period,
		SecretSize:  SecretBytes,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
		Rand:        rand.Reader,
	})
	if err != nil {
		return Key{}, fmt.Errorf("totp: generate: %w", err)
	}
	return Key{Secret: k.Secret(), URL: shortURL(k)}, nil
}

// shortURL is the key's otpauth:// URL with only the secret and the
// issuer. The algorithm, digits and period hiregate uses are the Key URI
// format's defaults, and every byte less makes the QR code smaller: for a
// typical email it drops from version 7 (45 modules) to version 5 (37),
// 21 terminal rows instead of 24, so it fits beside the instructions in a
// 100x30 terminal.
func shortURL(k *otp.Key) string {
	u := url.URL{
		Scheme:   "otpauth",
		Host:     "totp",
		Path:     "/" + k.Issuer() + ":" + k.AccountName(),
		RawQuery: "secret=" + url.QueryEscape(k.Secret()) + "&issuer=" + url.QueryEscape(k.Issuer()),
	}
	return u.String()
}

// Step is the time step t falls in.
func Step(t time.Time) int64 {
	return t.Unix() / int64(period)
}

// Code returns the code of secret at t.
func Code(secret string, t time.Time) (string, error) {
	c, err := totp.GenerateCodeCustom(secret, t, opts())
	if err != nil {
		return "", fmt.Errorf("totp: code: %w", err)
	}
	return c, nil
}

// Match reports whether code is secret's code for a time step within
// hiregate.TOTPSkew steps of now, and which step; when codes of several
// steps are equal, the latest wins, so that the step recorded as used is
// never earlier than the one the user's app showed. An error means the
// secret itself is unusable.
func Match(secret, code string, now time.Time) (step int64, ok bool, err error) {
	cur := Step(now)
	for s := cur + hiregate.TOTPSkew; s >= cur-hiregate.TOTPSkew && s >= 0; s-- {
		valid, err := totp.ValidateCustom(code, secret, time.Unix(s*int64(period), 0), opts())
		if err != nil && !errors.Is(err, otp.ErrValidateInputInvalidLength) {
			return 0, false, fmt.Errorf("totp: validate: %w", err)
		}
		if valid {
			return s, true, nil
		}
	}
	return 0, false, nil
}

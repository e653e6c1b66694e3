package app_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/mfa"
	"github.com/hiregate/hiregate/tui/screens/mfacode"
)

// TestLoginWithSecondFactor: the password, then the code prompt, then home;
// esc on the prompt goes back to the password.
func TestLoginWithSecondFactor(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t)
	secret, _ := srv.EnableMFA(testserver.Recruiter)
	d := start(t, srv.NewClient(), 80, 24)
	d.Type(testserver.Recruiter)
	d.Key("tab")
	d.Type(testserver.Password)
	d.Key("enter")
	d.WaitContains(mfacode.Prompt, "Password accepted for "+testserver.Recruiter)
	d.Key("esc")
	d.WaitContains("Sign in to hiregate")
	d.Type(testserver.Password) // the email stays, the password is asked again
	d.Key("enter")
	d.WaitContains(mfacode.Prompt)
	d.Type(srv.Code(secret))
	d.Key("enter")
	d.WaitContains("Welcome, Dana Whitfield")
}

// TestEnrolmentRequired: under --require-mfa a recruiter without a second
// factor lands on the enrolment screen as soon as the server refuses
// something, enrols, and then works normally.
func TestEnrolmentRequired(t *testing.T) {
	t.Parallel()
	srv := testserver.New(t, testserver.RequireMFA(hiregate.RoleRecruiter))
	d := start(t, srv.NewClient(), 100, 30)
	login(d, testserver.Recruiter)
	d.Key("1") // My jobs: refused until enrolment
	v := d.WaitContains(mfa.RequiredNotice, mfa.ConfirmPrompt)
	grouped := secretRe.FindString(v)
	if grouped == "" {
		t.Fatalf("no secret on the enrolment screen:\n%s", v)
	}
	d.Key("esc") // no way around it
	d.Type(srv.Code(stripSpaces(grouped)))
	d.Key("enter")
	d.WaitContains(mfa.CodesWarning)
	d.Key("enter")
	d.WaitContains("Welcome, Dana Whitfield")
	d.Key("1")
	d.WaitContains("No jobs yet: press n to post one")
}

var secretRe = regexp.MustCompile(`\b[A-Z2-7]{4}(?: [A-Z2-7]{4}){7}\b`)

func stripSpaces(s string) string { return strings.ReplaceAll(s, " ", "") }

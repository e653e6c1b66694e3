package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

// TestForgotPassword: "Forgot password?" from the sign-in screen, the
// address, the code from the mail and a new password twice: signed in.
func TestForgotPassword(t *testing.T) {
	t.Parallel()
	srv := testserver.WithMail(t)
	d := start(t, srv.NewClient(), 80, 24)
	d.Type(testserver.Candidate)
	d.Key("ctrl+f")
	d.WaitContains("Forgot your password?", testserver.Candidate)
	d.Key("enter")
	d.WaitContains("A code was sent to "+testserver.Candidate, "Code from the mail")
	code := srv.MailedCode(testserver.Candidate)
	d.Type("ZZZZ-ZZZZ")
	d.Key("tab")
	d.Type("a brand new password")
	d.Key("tab")
	d.Type("a brand new password")
	d.Key("enter")
	d.WaitContains("wrong or expired code")
	d.Key("ctrl+u") // clear the field, as a person would
	d.Type(code)
	d.Key("tab")
	d.Type("a brand new password")
	d.Key("tab")
	d.Type("a brand new password")
	d.Key("enter")
	d.WaitContains("Welcome, Priya Raman")
}

// TestRegisterAndVerify: a new candidate is asked for the code mailed to
// them; resending at once shows the throttle's wait, a minute later a new
// code comes, and it verifies the address.
func TestRegisterAndVerify(t *testing.T) {
	t.Parallel()
	srv := testserver.WithMail(t)
	d := start(t, srv.NewClient(), 80, 24)
	d.Key("ctrl+n")
	d.WaitContains("Create a candidate account")
	fill(d, "Robin Newcomer", "robin@example.org", "robin-password-1", "robin-password-1")
	d.WaitContains("Check your mail for a code", "robin@example.org")
	srv.MailedCode("robin@example.org")
	d.Key("ctrl+r")
	d.WaitContains("Too many attempts: wait")
	srv.Advance(time.Minute)
	d.Key("ctrl+r")
	d.WaitContains("A new code is on its way")
	d.Type(srv.MailedCode("robin@example.org"))
	d.Key("enter")
	d.WaitContains("Email address verified", "Welcome, Robin Newcomer")
}

// TestAcceptInvitation: an invited recruiter accepts from the sign-in
// screen with the code from the mail and is signed in.
func TestAcceptInvitation(t *testing.T) {
	t.Parallel()
	srv := testserver.WithMail(t)
	if _, err := srv.As(testserver.Admin).CreateUser(context.Background(), hiregate.CreateUserRequest{
		Email: "rita@example.com", FullName: "Rita Recruiter", Role: hiregate.RoleRecruiter}); err != nil {
		t.Fatal(err)
	}
	code := srv.MailedCode("rita@example.com")
	d := start(t, srv.NewClient(), 80, 24)
	d.Key("ctrl+t")
	d.WaitContains("Accept an invitation")
	fill(d, "rita@example.com", code, "rita-password-1", "rita-password-1")
	d.WaitContains("Welcome, Rita Recruiter")
}

// TestAccountMailSettings: a candidate turns notifications by mail off
// and on from "Your data"; an unverified one is offered verification.
func TestAccountMailSettings(t *testing.T) {
	t.Parallel()
	srv := testserver.WithMail(t)
	d := start(t, srv.NewClient(), 80, 24)
	login(d, testserver.Candidate)
	d.Key("7") // Your data
	d.WaitContains("Email: "+testserver.Candidate+", verified", "Notifications by email: on")
	d.Key("ctrl+t")
	d.WaitContains("Notifications by email: off")
	if srv.User(testserver.Candidate) == nil {
		t.Fatal("no candidate")
	}
	me, err := srv.As(testserver.Candidate).Me(context.Background())
	if err != nil || me.NotifyEmail {
		t.Fatalf("server side after turning off: %+v, %v", me, err)
	}
	d.Key("ctrl+t")
	d.WaitContains("Notifications by email: on")
}

// fill types values into a form's fields, one after another, and submits.
func fill(d *uitest.Driver, values ...string) {
	for i, v := range values {
		if i > 0 {
			d.Key("tab")
		}
		d.Type(v)
	}
	d.Key("enter")
}

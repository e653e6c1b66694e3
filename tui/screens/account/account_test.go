package account_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/account"
	"github.com/hiregate/hiregate/tui/ui"
	"github.com/hiregate/hiregate/tui/ui/uitest"
)

func run(t *testing.T, srv *testserver.Server, email string) *uitest.Driver {
	t.Helper()
	d := srv.Screen(email, 80, 24, func(c *ui.Context, api *client.Client) ui.Component { return account.New(c, api) })
	d.WaitContains("Save export to")
	return d
}

func TestExport(t *testing.T) {
	srv := testserver.Demo(t)
	d := run(t, srv, testserver.Candidate)
	golden.RequireEqual(t, []byte(d.Last()))
	// The default name is relative: save it in a directory of the test's.
	dir := t.TempDir()
	t.Chdir(dir)
	d.Key("enter")
	// The message names the directory: a bare file name does not say
	// where the client was started.
	d.WaitContains("flash: Saved your data to " + filepath.Join(dir, account.DefaultExportFile))
	raw, err := os.ReadFile(filepath.Join(dir, account.DefaultExportFile))
	if err != nil {
		t.Fatal(err)
	}
	var e hiregate.Export
	if err := json.Unmarshal(raw, &e); err != nil || e.User.Email != testserver.Candidate || len(e.Applications) != 2 {
		t.Fatalf("export = %+v, %v; want Priya's account and her 2 applications", e, err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, account.DefaultExportFile)); fi.Mode().Perm() != 0o600 {
		t.Errorf("export mode = %v, want 0600", fi.Mode().Perm())
	}
	// A second export to the same file is refused; the first stays.
	d.Key("enter")
	d.WaitContains("already exists")
}

func TestErase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		pw   string
		keys []string
		want []string
	}{
		{"Ask", testserver.Password, []string{"enter"}, []string{"Erase your account for good?", "(y/n)"}},
		{"No", testserver.Password, []string{"enter", "n"}, []string{"Password to erase"}},
		{"WrongPassword", "not-my-password", []string{"enter", "y"}, []string{"wrong password"}},
		{"Empty", "", []string{"enter"}, []string{"type your password to erase your account"}},
		{"Erase", testserver.Password, []string{"enter", "y"}, []string{"logged out: Your account was erased"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.Demo(t)
			d := run(t, srv, testserver.Candidate)
			d.Key("tab")
			d.Type(tt.pw)
			d.Key(tt.keys...)
			v := d.WaitContains(tt.want...)
			if tt.pw != "" && strings.Contains(v, tt.pw) {
				t.Fatalf("the password is on the screen:\n%s", v)
			}
			golden.RequireEqual(t, []byte(d.Quit()))
			_, err := srv.NewClient().Login(context.Background(), testserver.Candidate, testserver.Password)
			if erased := tt.name == "Erase"; erased != (hiregate.ErrorCode(err) == hiregate.EUNAUTHORIZED) {
				t.Errorf("Login after %s = %v; erased %v", tt.name, err, erased)
			}
		})
	}
}

// Recruiters export their data too, but have no erase field: an admin
// deactivates them.
func TestRecruiter(t *testing.T) {
	t.Parallel()
	srv := testserver.Demo(t)
	d := run(t, srv, testserver.Recruiter)
	v := d.Last()
	if strings.Contains(v, "Password to erase") {
		t.Errorf("a recruiter is offered erasure:\n%s", v)
	}
	golden.RequireEqual(t, []byte(d.Quit()))
}

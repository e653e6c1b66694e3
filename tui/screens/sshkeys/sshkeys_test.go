package sshkeys_test

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/shared/hiregate"
	"github.com/hiregate/hiregate/tui/internal/testserver"
	"github.com/hiregate/hiregate/tui/screens/sshkeys"
	"github.com/hiregate/hiregate/tui/ui"
)

// A fixed key and the fingerprint ssh-keygen -l prints for it.
const (
	pubKey      = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl priya@laptop"
	fingerprint = "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU"
)

func paste(s string) tea.Msg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true}
}

// driver is what the cases do to the screen.
type driver interface {
	Key(...string)
	Send(tea.Msg)
}

func TestSSHKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		linked bool
		input  func(d driver)
		want   []string
	}{
		{"Empty", false, func(d driver) {
		}, []string{"No keys linked: press n to paste one."}},
		{"Link", false, func(d driver) {
			d.Key("n")
			d.Send(paste(pubKey))
			d.Key("enter", "enter")
		}, []string{"priya@laptop", fingerprint, "never", "flash: Key " + fingerprint + " linked"}},
		{"NotAKey", false, func(d driver) {
			d.Key("n")
			d.Send(paste("hello"))
			d.Key("enter", "enter")
		}, []string{"not an OpenSSH public key"}},
		{"UnlinkAsk", true, func(d driver) {
			d.Key("x")
		}, []string{`Unlink "priya@laptop" (` + fingerprint + `)?`}},
		{"Unlink", true, func(d driver) {
			d.Key("x", "y")
		}, []string{"flash: Key unlinked", "No keys linked"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testserver.New(t)
			if tt.linked {
				if _, err := srv.As(testserver.Candidate).AddSSHKey(context.Background(), hiregate.AddSSHKeyRequest{PublicKey: pubKey}); err != nil {
					t.Fatal(err)
				}
			}
			d := srv.Screen(testserver.Candidate, 100, 20, func(c *ui.Context, api *client.Client) ui.Component { return sshkeys.New(c, api) })
			if tt.linked {
				d.WaitContains(fingerprint)
			} else {
				d.WaitContains("No keys linked")
			}
			tt.input(d)
			d.WaitContains(tt.want...)
			golden.RequireEqual(t, []byte(d.Quit()))
		})
	}
}

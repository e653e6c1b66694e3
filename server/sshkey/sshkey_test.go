package sshkey_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/hiregate/hiregate/server/sshkey"
	"github.com/hiregate/hiregate/shared/hiregate"
)

func authorized(t testing.TB, pub any) string {
	t.Helper()
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk)))
}

// A fixed key and the fingerprint `ssh-keygen -lf` prints for it.
const (
	fixedKey         = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
	fixedFingerprint = "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU"
)

func TestParse(t *testing.T) {
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	ed := authorized(t, edPub)
	tests := []struct {
		name, in      string
		wantType      string
		wantComment   string
		wantErrSubstr string
	}{
		{"ed25519 with comment", ed + " carl@laptop", ssh.KeyAlgoED25519, "carl@laptop", ""},
		{"surrounding space", "  \t" + ed + "  \n", ssh.KeyAlgoED25519, "", ""},
		{"ecdsa", authorized(t, &ec.PublicKey), ssh.KeyAlgoECDSA256, "", ""},
		{"small rsa", authorized(t, &small.PublicKey), "", "", "2048"},
		{"empty", "   ", "", "", "required"},
		{"garbage", "hello world", "", "", "not an OpenSSH public key"},
		{"private key", "-----BEGIN OPENSSH PRIVATE KEY-----", "", "", "private key"},
		{"two keys", ed + "\n" + ed, "", "", "one key"},
		{"options", `command="ls" ` + ed, "", "", "without authorized_keys options"},
		{"dsa", "ssh-dss AAAAB3NzaC1kc3MAAACBAP", "", "", "not an OpenSSH public key"},
		{"too long", "ssh-ed25519 " + strings.Repeat("A", hiregate.MaxSSHPublicKeyLen), "", "", "16 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := sshkey.Parse(tt.in)
			if tt.wantErrSubstr != "" {
				if hiregate.ErrorCode(err) != hiregate.EINVALID || !strings.Contains(err.(*hiregate.Error).Fields["public_key"], tt.wantErrSubstr) {
					t.Fatalf("Parse = %+v, %v; want EINVALID mentioning %q", k, err, tt.wantErrSubstr)
				}
				return
			}
			if err != nil || k.Type != tt.wantType || k.Comment != tt.wantComment || !strings.HasPrefix(k.Fingerprint, "SHA256:") ||
				strings.Contains(k.Authorized, " "+tt.wantComment+"x") {
				t.Fatalf("Parse = %+v, %v", k, err)
			}
		})
	}
}

// The fingerprint is the one OpenSSH prints, and the stored form is the
// key alone.
func TestParseFingerprint(t *testing.T) {
	k, err := sshkey.Parse(fixedKey + " someone@somewhere")
	if err != nil {
		t.Fatal(err)
	}
	if k.Fingerprint != fixedFingerprint || k.Authorized != fixedKey {
		t.Fatalf("Parse = %+v, want fingerprint %s and key %s", k, fixedFingerprint, fixedKey)
	}
}

// FuzzParse: any input is a key or an EINVALID error, never a panic; a
// key parses again to itself.
func FuzzParse(f *testing.F) {
	f.Add(fixedKey + " c")
	f.Add("ssh-rsa AAAA")
	f.Add("")
	f.Add(`no-pty ` + fixedKey)
	f.Add("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB")
	f.Fuzz(func(t *testing.T, in string) {
		k, err := sshkey.Parse(in)
		if err != nil {
			if hiregate.ErrorCode(err) != hiregate.EINVALID {
				t.Fatalf("Parse(%q) = %v, want EINVALID", in, err)
			}
			return
		}
		again, err := sshkey.Parse(k.Authorized)
		if err != nil || again.Fingerprint != k.Fingerprint || again.Authorized != k.Authorized {
			t.Fatalf("Parse(%q) = %+v; again = %+v, %v", in, k, again, err)
		}
	})
}

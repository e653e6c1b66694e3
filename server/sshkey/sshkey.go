// Package sshkey reads the public keys users paste to link them to their
// accounts: one line as OpenSSH writes it (~/.ssh/id_ed25519.pub,
// authorized_keys), checked and reduced to the key itself.
package sshkey

import (
	"crypto/rsa"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// MinRSABits is the smallest RSA key accepted, as OpenSSH's own floor.
const MinRSABits = 2048

// Key is a parsed public key.
type Key struct {
	// Type is the algorithm as OpenSSH names it ("ssh-ed25519").
	Type string
	// Fingerprint is "SHA256:" and the unpadded base64 of the key's
	// SHA-256, as `ssh-keygen -l` prints it.
	Fingerprint string
	// Authorized is "type base64", without options or comment.
	Authorized string
	// Comment is the text after the key, often user@host.
	Comment string
}

// accepted are the key types a user may link: the ones current OpenSSH
// offers by default. DSA and certificates are refused.
var accepted = map[string]bool{
	ssh.KeyAlgoED25519:    true,
	ssh.KeyAlgoECDSA256:   true,
	ssh.KeyAlgoECDSA384:   true,
	ssh.KeyAlgoECDSA521:   true,
	ssh.KeyAlgoSKED25519:  true,
	ssh.KeyAlgoSKECDSA256: true,
	ssh.KeyAlgoRSA:        true,
}

func invalid(msg string) error {
	return hiregate.ValidationError(map[string]string{"public_key": msg})
}

// Parse reads one public key line. Every refusal is an EINVALID error on
// public_key saying what to paste instead.
func Parse(line string) (*Key, error) {
	line = strings.TrimSpace(line)
	switch {
	case line == "":
		return nil, invalid("required: paste a public key, such as the line in ~/.ssh/id_ed25519.pub")
	case len(line) > hiregate.MaxSSHPublicKeyLen:
		return nil, invalid("must be at most 16 KiB")
	case strings.Contains(line, "PRIVATE KEY"):
		return nil, invalid("this is a private key: never share it; paste the .pub file instead")
	case strings.ContainsAny(line, "\r\n"):
		return nil, invalid("paste one key, on one line")
	}
	pk, comment, options, rest, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return nil, invalid("not an OpenSSH public key: paste the line from a .pub file (it starts with ssh-ed25519, ecdsa-sha2-… or ssh-rsa)")
	}
	if len(options) > 0 || len(rest) > 0 {
		return nil, invalid("paste the key alone, without authorized_keys options")
	}
	if _, ok := pk.(*ssh.Certificate); ok || !accepted[pk.Type()] {
		return nil, invalid("key type " + pk.Type() + " is not accepted: use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa")
	}
	if pk.Type() == ssh.KeyAlgoRSA {
		ck, ok := pk.(ssh.CryptoPublicKey)
		if !ok {
			return nil, invalid("unreadable RSA key")
		}
		if rk, ok := ck.CryptoPublicKey().(*rsa.PublicKey); !ok || rk.N.BitLen() < MinRSABits {
			return nil, invalid("RSA keys must have at least 2048 bits: make an ed25519 key with ssh-keygen -t ed25519")
		}
	}
	return &Key{
		Type:        pk.Type(),
		Fingerprint: ssh.FingerprintSHA256(pk),
		Authorized:  strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))),
		Comment:     strings.ToValidUTF8(strings.TrimSpace(comment), ""),
	}, nil
}

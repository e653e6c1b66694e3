package mfa

import (
	"bytes"
	"strings"

	"github.com/mdp/qrterminal/v3"
)

// qrCode draws url as a QR code in half-block characters (two modules per
// character cell) with a one-module quiet zone, and returns its lines.
// Light modules are drawn as full blocks: on the usual dark terminal they
// show as the light paper phones expect around the dark modules.
func qrCode(url string) []string {
	var b bytes.Buffer
	qrterminal.GenerateWithConfig(url, qrterminal.Config{
		Level:          qrterminal.L,
		Writer:         &b,
		HalfBlocks:     true,
		BlackChar:      qrterminal.BLACK_BLACK,
		WhiteBlackChar: qrterminal.WHITE_BLACK,
		WhiteChar:      qrterminal.WHITE_WHITE,
		BlackWhiteChar: qrterminal.BLACK_WHITE,
		QuietZone:      1,
	})
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

package mfa

// QRCode is the QR rendering, for the tests to compare the screen with.
var QRCode = qrCode

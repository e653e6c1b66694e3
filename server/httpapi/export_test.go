package httpapi

// BearerToken is the Authorization header parser, for its fuzz test.
var BearerToken = bearerToken

package hiregate

// statusOfCode is the one table between error codes and HTTP statuses. The
// server's HTTP layer reads it through StatusCode and the client through
// CodeFromStatus, so the two sides can never disagree. Plain numbers keep
// net/http out of the domain package.
var statusOfCode = map[string]int{
	EBADREQUEST:   400,
	EUNAUTHORIZED: 401,
	EFORBIDDEN:    403,
	ENOTFOUND:     404,
	ECONFLICT:     409,
	ETOOLARGE:     413,
	EUNSUPPORTED:  415,
	EINVALID:      422,
	ETHROTTLED:    429,
	EINTERNAL:     500,
	EUNAVAILABLE:  503,
}

var codeOfStatus = func() map[int]string {
	m := make(map[int]string, len(statusOfCode))
	for code, status := range statusOfCode {
		m[status] = code
	}
	return m
}()

// StatusCode returns the HTTP status for an error code; unknown codes are
// internal errors (500).
func StatusCode(code string) int {
	if s, ok := statusOfCode[code]; ok {
		return s
	}
	return 500
}

// CodeFromStatus returns the error code for a non-2xx HTTP status; statuses
// outside the table are EINTERNAL.
func CodeFromStatus(status int) string {
	if c, ok := codeOfStatus[status]; ok {
		return c
	}
	return EINTERNAL
}

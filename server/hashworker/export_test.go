package hashworker

import "io"

// Hooks for the external tests: the protocol's framing and encodings.

type (
	Request  = request
	Response = response
)

const (
	OpGenerate, OpCompare                 = opGenerate, opCompare
	StatusOK, StatusMismatch, StatusError = statusOK, statusMismatch, statusError
	MaxFrame                              = maxFrame
)

func NewRequest(op, cost byte, password, hash []byte) Request {
	return request{op: op, cost: cost, password: password, hash: hash}
}

func (q Request) Fields() (op, cost byte, password, hash []byte) {
	return q.op, q.cost, q.password, q.hash
}

func (q Request) Encode() ([]byte, error)             { return q.encode() }
func DecodeRequest(b []byte) (Request, error)         { return decodeRequest(b) }
func NewResponse(status byte, body []byte) Response   { return response{status: status, body: body} }
func (p Response) Fields() (status byte, body []byte) { return p.status, p.body }
func (p Response) Encode() []byte                     { return p.encode() }
func DecodeResponse(b []byte) (Response, error)       { return decodeResponse(b) }
func WriteFrame(w io.Writer, body []byte) error       { return writeFrame(w, body) }
func ReadFrame(r io.Reader) ([]byte, error)           { return readFrame(r, make([]byte, maxFrame)) }

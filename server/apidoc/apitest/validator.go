// Package apitest holds hiregate's API to its OpenAPI document in tests: a
// validating HTTP transport (kin-openapi) and a route diff. It is imported by
// _test files only, so kin-openapi stays out of the server binary.
package apitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Validator checks live traffic against the document. Tests wrap their HTTP
// client's transport with it so every request they send and every response
// they get is held to the contract.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

func init() {
	// Resume files: Markdown is text to the validator like text/plain, a
	// PDF is opaque bytes.
	openapi3filter.RegisterBodyDecoder("text/markdown", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.PlainBodyDecoder)
}

// NewValidator loads and validates spec (an OpenAPI document, such as
// httpapi.Spec()) and builds a router over it.
func NewValidator(spec []byte) (*Validator, error) {
	doc, err := Load(context.Background(), spec)
	if err != nil {
		return nil, err
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("apitest: build router: %w", err)
	}
	return &Validator{doc: doc, router: router}, nil
}

// Load parses spec with kin-openapi and validates it, by kin-openapi's
// rules and by the official OpenAPI 3.0 JSON Schema (ValidateSchema).
func Load(ctx context.Context, spec []byte) (*openapi3.T, error) {
	if err := ValidateSchema(spec); err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("apitest: load the document: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("apitest: the document is invalid: %w", err)
	}
	return doc, nil
}

// Mismatch is one difference between traffic and the document.
type Mismatch struct {
	// Side is "request" or "response".
	Side   string
	Method string
	Path   string
	// Status is the response status (0 for a request mismatch).
	Status int
	Err    error
}

func (m *Mismatch) Error() string {
	if m.Side == "response" {
		return fmt.Sprintf("openapi: %s %s: response %d does not match the document: %v", m.Method, m.Path, m.Status, m.Err)
	}
	return fmt.Sprintf("openapi: %s %s: request does not match the document: %v", m.Method, m.Path, m.Err)
}

func (m *Mismatch) Unwrap() error { return m.Err }

// Transport returns a RoundTripper that sends through base
// (http.DefaultTransport when nil) and calls report with a *Mismatch for
// each request or response that does not match the document. Security
// requirements are not checked: the server's tests do that. A request the
// document does not know is reported and its response is not checked.
// Tests that send invalid requests on purpose can tell them apart with
// IsRequestMismatch. report may be called from several goroutines at once.
func (v *Validator) Transport(base http.RoundTripper, report func(error)) http.RoundTripper {
	if report == nil {
		panic("apitest: Transport needs a report func")
	}
	if base == nil {
		base = http.DefaultTransport
	}
	return &validatingTransport{v: v, base: base, report: report}
}

type validatingTransport struct {
	v      *Validator
	base   http.RoundTripper
	report func(error)
}

func (t *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("openapi: read request body: %w", err)
		}
		reqBody = b
	}
	// A RoundTripper must not change the caller's request, so the body goes
	// out on a clone.
	out := req.Clone(req.Context())
	if reqBody != nil {
		out.Body = io.NopCloser(bytes.NewReader(reqBody))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(reqBody)), nil }
		out.ContentLength = int64(len(reqBody))
	}

	input := t.checkRequest(req, reqBody)

	resp, err := t.base.RoundTrip(out)
	if err != nil || input == nil {
		return resp, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("openapi: read response body: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	// A HEAD response or a 304 has no body to hold to a schema.
	if req.Method != http.MethodHead && resp.StatusCode != http.StatusNotModified {
		rin := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: input,
			Status:                 resp.StatusCode,
			Header:                 resp.Header,
			Options:                responseOptions,
		}
		rin.SetBodyBytes(respBody)
		if err := openapi3filter.ValidateResponse(req.Context(), rin); err != nil {
			t.report(&Mismatch{Side: "response", Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode, Err: err})
		}
	}
	return resp, nil
}

var (
	requestOptions = &openapi3filter.Options{
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		MultiError:         true,
	}
	responseOptions = &openapi3filter.Options{
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true,
		MultiError:            true,
	}
)

// checkRequest reports a request that does not match and returns the input
// its response is checked with, or nil when the route is undocumented.
func (t *validatingTransport) checkRequest(req *http.Request, body []byte) *openapi3filter.RequestValidationInput {
	// The router and the validator read the request, so they get their own
	// copy with their own body.
	probe := req.Clone(context.WithoutCancel(req.Context()))
	probe.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := t.v.router.FindRoute(probe)
	if err != nil {
		t.report(&Mismatch{Side: "request", Method: req.Method, Path: req.URL.Path, Err: fmt.Errorf("undocumented route: %w", err)})
		return nil
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    probe,
		PathParams: params,
		Route:      route,
		Options:    requestOptions,
	}
	if err := openapi3filter.ValidateRequest(probe.Context(), input); err != nil {
		t.report(&Mismatch{Side: "request", Method: req.Method, Path: req.URL.Path, Err: err})
	}
	return input
}

// IsRequestMismatch reports whether err is a *Mismatch about a request.
func IsRequestMismatch(err error) bool {
	var m *Mismatch
	return errors.As(err, &m) && m.Side == "request"
}

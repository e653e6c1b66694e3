package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/shared/hiregate"
)

// decodeJSON reads the request body into v. Malformed JSON and wrong types
// are 400, unknown fields 422 (so no client can set role, id or status where
// it may not), a body over the limit 413 and another content type 415.
func decodeJSON(c *gin.Context, v any) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "application/json" {
		return hiregate.Errorf(hiregate.EUNSUPPORTED, "Content-Type must be application/json")
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return readErr(err)
	}
	return DecodeJSON(body, v)
}

// bind decodes the request body into v. It decides only whether the body is
// well formed (400, 413, 415, and 422 for unknown fields, which are a matter
// of shape); normalising and validating the values is the service's job, in
// one place, because services are called from elsewhere too (CLI, seeding).
func bind(c *gin.Context, v any) error {
	return decodeJSON(c, v)
}

// DecodeJSON is the body decoder behind every JSON route, exported for its
// fuzz test.
func DecodeJSON(body []byte, v any) error {
	if !utf8.Valid(body) {
		return hiregate.Errorf(hiregate.EBADREQUEST, "Request body is not valid UTF-8")
	}
	// Well-formed is decided on the whole body before any field is looked
	// at: the decoder below stops at the end of the first value, so it
	// would call `{"a":1} trailing` an unknown field (422) instead of what
	// it is, malformed (400).
	if len(bytes.TrimSpace(body)) == 0 {
		return hiregate.Errorf(hiregate.EBADREQUEST, "Request body is empty")
	}
	if !json.Valid(body) {
		return hiregate.Errorf(hiregate.EBADREQUEST, "Malformed JSON: the body must be a single JSON value")
	}
	if err := checkJSONText(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonErr(err)
	}
	return nil
}

func jsonErr(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return hiregate.Errorf(hiregate.EBADREQUEST, "Request body is empty")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return hiregate.Errorf(hiregate.EBADREQUEST, "Malformed JSON")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return hiregate.Errorf(hiregate.EBADREQUEST, "Request body must be a JSON object")
		}
		return &hiregate.Error{Code: hiregate.EBADREQUEST, Message: fmt.Sprintf("Field %s must be of type %s", typ.Field, jsonType(typ.Type.Kind().String())),
			Fields: map[string]string{typ.Field: "must be of type " + jsonType(typ.Type.Kind().String())}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &hiregate.Error{Code: hiregate.EINVALID, Message: fmt.Sprintf("Unknown field %q", name),
			Fields: map[string]string{name: "unknown field"}}
	}
	return hiregate.Errorf(hiregate.EBADREQUEST, "Malformed JSON")
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "number"
	case "slice", "array":
		return "array"
	}
	return "object"
}

func readErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return hiregate.Errorf(hiregate.ETOOLARGE, "%s", tooLarge(mbe.Limit))
	}
	return hiregate.Errorf(hiregate.EBADREQUEST, "Could not read request body")
}

// page reads ?limit= and ?cursor=. Paging is the HTTP layer's convention,
// so its bounds are checked here; every other query value is checked by the
// service that uses it.
func page(c *gin.Context) (limit int, cursor string, err error) {
	limit = hiregate.DefaultPageLimit
	if s, ok := c.GetQuery("limit"); ok {
		n, convErr := strconv.Atoi(s)
		if convErr != nil {
			return 0, "", &hiregate.Error{Code: hiregate.EBADREQUEST, Message: "limit must be an integer", Fields: map[string]string{"limit": "must be an integer"}}
		}
		if n < 1 || n > hiregate.MaxPageLimit {
			return 0, "", hiregate.ValidationError(map[string]string{"limit": "must be between 1 and 100"})
		}
		limit = n
	}
	cursor = c.Query("cursor")
	if len(cursor) > 512 {
		return 0, "", hiregate.ValidationError(map[string]string{"cursor": "invalid"})
	}
	return limit, cursor, nil
}

// searchPage reads ?limit=, ?cursor= and ?q= for a searchable list.
func searchPage(c *gin.Context) (limit int, cursor, q string, err error) {
	if limit, cursor, err = page(c); err != nil {
		return 0, "", "", err
	}
	q, err = search(c)
	return limit, cursor, q, err
}

// search reads ?q=, trimmed and bounded.
func search(c *gin.Context) (string, error) {
	q := strings.TrimSpace(c.Query("q"))
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > hiregate.MaxSearchLen {
		return "", hiregate.ValidationError(map[string]string{"q": "must be at most 200 characters of valid text"})
	}
	return q, nil
}

// boolQuery reads a boolean query parameter.
func boolQuery(c *gin.Context, name string) (bool, error) {
	s, ok := c.GetQuery(name)
	if !ok || s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, &hiregate.Error{Code: hiregate.EBADREQUEST, Message: name + " must be true or false", Fields: map[string]string{name: "must be true or false"}}
	}
	return b, nil
}

// list writes a page of items with its cursor.
func list[T any](c *gin.Context, items []T, next string) {
	c.JSON(http.StatusOK, listOf(items, next))
}

// listOf is a page as the API sends it: never a null items.
func listOf[T any](items []T, next string) hiregate.List[T] {
	if items == nil {
		items = []T{}
	}
	out := hiregate.List[T]{Items: items}
	if next != "" {
		out.NextCursor = &next
	}
	return out
}

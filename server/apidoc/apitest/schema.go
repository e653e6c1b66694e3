package apitest

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// officialSchema is the OpenAPI Initiative's JSON Schema for 3.0 documents,
// the one swagger-parser and other outside tools hold a document to. It
// catches what kin-openapi's own checks let through (an empty `required`
// array, for one).
//
//go:embed testdata/openapi-3.0-schema.json
var officialSchema []byte

const officialSchemaURL = "https://spec.openapis.org/oas/3.0/schema/2019-04-02"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(officialSchema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(officialSchemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(officialSchemaURL)
})

// ValidateSchema holds spec to the official OpenAPI 3.0 JSON Schema.
func ValidateSchema(spec []byte) error {
	schema, err := compiled()
	if err != nil {
		return fmt.Errorf("apitest: compile the OpenAPI 3.0 schema: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(spec))
	if err != nil {
		return fmt.Errorf("apitest: the document is not JSON: %w", err)
	}
	if err := schema.Validate(doc); err != nil {
		return fmt.Errorf("apitest: the document breaks the OpenAPI 3.0 schema: %w", err)
	}
	return nil
}

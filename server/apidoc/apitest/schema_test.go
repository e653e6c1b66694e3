package apitest_test

import (
	"strings"
	"testing"

	"github.com/hiregate/hiregate/server/apidoc/apitest"
	"github.com/hiregate/hiregate/server/httpapi"
)

// TestValidateSchema: the official OpenAPI 3.0 schema refuses what outside
// tools refuse, and the served document passes it.
func TestValidateSchema(t *testing.T) {
	const head = `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"S":`
	tests := []struct {
		name, doc string
		wantErr   bool
	}{
		{"Minimal", head + `{"type":"object"}}}}`, false},
		{"ErrEmptyRequired", head + `{"type":"object","required":[]}}}}`, true},
		{"ErrNoInfo", `{"openapi":"3.0.3","paths":{}}`, true},
		{"ErrVersion31", `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}`, true},
		{"ErrNotJSON", `{"openapi":`, true},
		{"Served", string(httpapi.Spec()), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := apitest.ValidateSchema([]byte(tt.doc))
			if (err != nil) != tt.wantErr {
				t.Fatalf("ValidateSchema() = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "apitest: ") {
				t.Errorf("ValidateSchema() = %q, want an apitest: error", err)
			}
		})
	}
}

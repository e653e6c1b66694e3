package fake_test

import (
	"github.com/hiregate/hiregate/shared/client"
	"github.com/hiregate/hiregate/tui/api"
	"github.com/hiregate/hiregate/tui/api/fake"
)

// Both the fake and the real client must satisfy the interface the
// screens use.
var (
	_ api.API = (*fake.API)(nil)
	_ api.API = (*client.Client)(nil)
)

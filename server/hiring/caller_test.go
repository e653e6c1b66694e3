package hiring_test

import "github.com/hiregate/hiregate/server/auth"

// caller is who calls the service. Only this line knows the package
// Principal lives in.
type caller = auth.Principal

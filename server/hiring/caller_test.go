package hiring_test

import principal "github.com/hiregate/hiregate/server/caller"

// caller is who calls the service. Only this line knows the package
// Principal lives in.
type caller = principal.Principal

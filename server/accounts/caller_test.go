package accounts_test

import principal "github.com/hiregate/hiregate/server/caller"

// caller is who calls the service and clientInfo where from. Only these
// lines know the package Principal and ClientInfo live in.
type (
	caller     = principal.Principal
	clientInfo = principal.ClientInfo
)

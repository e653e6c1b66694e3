package accounts_test

import "github.com/hiregate/hiregate/server/auth"

// caller is who calls the service and clientInfo where from. Only these
// lines know the package Principal and ClientInfo live in.
type (
	caller     = auth.Principal
	clientInfo = auth.ClientInfo
)

package hiregate

// APIMajor is the major version of the HTTP API (API.md "v1"). It changes
// only when an existing route changes incompatibly; the terminal client
// warns when the server's differs from its own.
const APIMajor = 1

// Health is the body of GET /healthz.
type Health struct {
	Status string `json:"status"`
	// Version is the server's build, as its --version prints it.
	Version string `json:"version"`
	// APIMajor is the server's; 0 from servers older than the field.
	APIMajor int `json:"api_version"`
	// SSHGateway, when the operator configured one, is where users can
	// reach the terminal client over SSH.
	SSHGateway *SSHGatewayHealth `json:"ssh_gateway,omitempty"`
}

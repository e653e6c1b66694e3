// Package hiregate is the domain both the server and the terminal client
// speak: the API's types, roles, pipeline stages and their rules, limits, and
// the one error type. It imports nothing but the standard library.
package hiregate

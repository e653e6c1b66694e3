package postgres

// SearchLexemes lets the benchmarks fill the search column in bulk as
// CreateJob does.
var SearchLexemes = searchLexemes

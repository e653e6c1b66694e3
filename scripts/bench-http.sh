#!/bin/sh
# Builds hiregate and the load generator (the bench module), then measures
# the built binary over loopback, in one run: GET /jobs against a bare Gin
# route with the same bytes at 4 and 32 connections, POST /jobs with
# synchronous=FULL and NORMAL, and GET /jobs during a login flood.
# Arguments go to the load generator (bench/cmd/benchhttp), e.g.
#   scripts/bench-http.sh -d 5s -only ratio
#   scripts/bench-http.sh -only ratio -cmp-bin /tmp/hiregate-old   (before/after)
# With SCALE_DATA=DIR it runs the 100k-job figures instead, against a data
# directory made by bench/cmd/gendata from a built binary:
#   go build -o /tmp/hiregate ./server
#   go run ./bench/cmd/gendata -bin /tmp/hiregate -data DIR
set -eu
cd "$(dirname "$0")/.."
bin=$(mktemp -d "${TMPDIR:-/tmp}/hiregate-bench-bin.XXXXXX")
trap 'rm -rf "$bin"' EXIT INT TERM
go build -o "$bin/hiregate" ./server
go build -o "$bin/benchhttp" ./bench/cmd/benchhttp
if [ -n "${SCALE_DATA:-}" ]; then
	exec_args="scale -data $SCALE_DATA"
else
	exec_args=""
fi
# shellcheck disable=SC2086
"$bin/benchhttp" $exec_args -bin "$bin/hiregate" "$@"

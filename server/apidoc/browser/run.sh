#!/bin/sh
# Runs the Swagger UI browser test (server/apidoc TestBrowserAuthorize)
# against a real hiregate server with demo data, in Debian's Chromium.
#
#   server/apidoc/browser/run.sh            # build, start on 127.0.0.1:18080, test, stop
#   HIREGATE_URL=http://host:port run.sh    # test a server that is already running
#
# Needs /usr/bin/chromium (apt-get install -y chromium). The screenshot path
# is printed; set HIREGATE_SCREENSHOT to choose it.
set -eu

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"

if [ ! -x "${HIREGATE_CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "no chromium: apt-get update && apt-get install -y chromium" >&2
	exit 1
fi

pid=
tmp=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT INT TERM

if [ -z "${HIREGATE_URL:-}" ]; then
	tmp=$(mktemp -d)
	addr=${HIREGATE_TEST_ADDR:-127.0.0.1:18080}
	go build -o "$tmp/hiregate" ./server
	"$tmp/hiregate" --addr "$addr" --data "$tmp/data" --demo --bcrypt-cost 10 >"$tmp/server.log" 2>&1 &
	pid=$!
	HIREGATE_URL=http://$addr
	i=0
	until curl -sf "$HIREGATE_URL/readyz" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ "$i" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "server did not start:" >&2
			cat "$tmp/server.log" >&2
			exit 1
		fi
		sleep 0.1
	done
fi

HIREGATE_BROWSER_TEST=1 HIREGATE_URL=$HIREGATE_URL \
	go test -count=1 -run '^TestBrowserAuthorize$' -v ./server/apidoc

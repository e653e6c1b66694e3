#!/usr/bin/env bash
# Cross-compiles the server (hiregate) and the terminal client
# (hiregate-tui) for linux, darwin and windows on amd64 and arm64 into
# dist/, with dist/SHA256SUMS. Static (no cgo) and reproducible: the same
# commit and Go toolchain give the same bytes (-trimpath, no build id,
# version and commit date from git rather than the clock, files dated to
# the commit). Run from anywhere inside the repository: `make dist`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=${DIST_DIR:-dist}
platforms=${DIST_PLATFORMS:-"linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"}

commit=$(git rev-parse HEAD)
# A tag such as v1.2.0 when HEAD has one, else the short commit; -dirty
# marks uncommitted changes (such a build is not reproducible from git).
ver=$(git describe --tags --always --dirty)
date=$(git show -s --format=%cI HEAD)
epoch=$(git show -s --format=%ct HEAD)

pkg=github.com/hiregate/hiregate/shared/version
ldflags="-s -w -buildid= -X $pkg.linkVersion=$ver -X $pkg.linkCommit=$commit -X $pkg.linkDate=$date"

rm -rf "$out"
mkdir -p "$out"
for p in $platforms; do
	goos=${p%/*}
	goarch=${p#*/}
	ext=""
	[[ $goos == windows ]] && ext=.exe
	for prog in server:hiregate tui:hiregate-tui; do
		dir=${prog%%:*}
		name=${prog#*:}
		echo "--- $name $goos/$goarch"
		# -buildvcs=false: the commit comes from ldflags, identically in
		# a clone and in a git worktree (where the toolchain cannot see it).
		CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch GOFLAGS=-buildvcs=false \
			go build -trimpath -ldflags "$ldflags" -o "$out/$name-$goos-$goarch$ext" "./$dir"
	done
done
touch -d "@$epoch" "$out"/*
(cd "$out" && sha256sum -- * >SHA256SUMS && touch -d "@$epoch" SHA256SUMS)
echo "--- $out/SHA256SUMS ($ver)"
cat "$out/SHA256SUMS"

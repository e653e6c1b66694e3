# Convenience targets; CI runs .ci/run, which does vet, a gofmt check and test.
MODULES  := server shared tui bench
PACKAGES := ./server/... ./shared/... ./tui/... ./bench/...

.PHONY: all fmt fmt-check vet test bench bench-http ci run-demo dist

all: fmt-check vet test

fmt:
	gofmt -w $(MODULES)

fmt-check:
	@out="$$(gofmt -l $(MODULES))"; if [ -n "$$out" ]; then echo "needs gofmt -w:"; echo "$$out"; exit 1; fi

vet:
	go vet $(PACKAGES)

test:
	go test $(PACKAGES)

bench:
	go test -run '^$$' -bench . -benchmem $(PACKAGES)

# Loopback HTTP load against the built binary (bench/cmd/benchhttp):
# hiregate vs a bare Gin route at 4 and 32 connections, FULL vs NORMAL,
# login flood (about 2 minutes; docs/PERFORMANCE.md).
bench-http:
	./scripts/bench-http.sh

ci:
	./.ci/run

# Static, reproducible server and client binaries for linux, darwin and
# windows on amd64 and arm64, with SHA256SUMS, into dist/.
dist:
	./scripts/dist.sh

run-demo:
	go run ./server --addr 127.0.0.1:8080 --data ./data --demo

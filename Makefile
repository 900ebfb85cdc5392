# The verbs people type. `make demo` and `make test` are the README's quick start.
SWIFT ?= swift
WERROR = -Xswiftc -warnings-as-errors

.PHONY: all build release install demo serve-demo test bench lint fmt tools tools-demo clean

all: build

# Python tools (moto, botocore, the AWS CLI, the report oracles) live in .venv (scripts/install-tools.sh).
export PATH := $(CURDIR)/.venv/bin:$(PATH)
# No test or demo may probe the link-local instance metadata address (169.254.169.254); the tests of
# that credential source point AWS_EC2_METADATA_SERVICE_ENDPOINT at a loopback server instead.
test demo serve-demo: export AWS_EC2_METADATA_DISABLED = true

tools:
	@bash scripts/install-tools.sh test

tools-demo:
	@bash scripts/install-tools.sh demo

build:
	$(SWIFT) build $(WERROR)

# Three executables: `mfaguard` (small, static, runs --version/totp/qr), `mfaguard-commands` (the rest but
# serve and history) and `mfaguard-server` (serve, history: Hummingbird, GRDB), which `mfaguard` finds next
# to itself or in ../libexec/mfaguard (docs/ARCHITECTURE.md, "Start-up").
release:
	$(SWIFT) build -c release $(WERROR) --static-swift-stdlib --product mfaguard-commands
	$(SWIFT) build -c release $(WERROR) --static-swift-stdlib --product mfaguard-server
	$(SWIFT) build -c release $(WERROR) --static-swift-stdlib --product mfaguard

# make install [PREFIX=/usr/local] [DESTDIR=]: PREFIX/bin/mfaguard, PREFIX/libexec/mfaguard/mfaguard-commands
# and PREFIX/libexec/mfaguard/mfaguard-server.
PREFIX ?= /usr/local
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/libexec/mfaguard"
	install -m 0755 .build/release/mfaguard-commands "$(DESTDIR)$(PREFIX)/libexec/mfaguard/mfaguard-commands"
	install -m 0755 .build/release/mfaguard-server "$(DESTDIR)$(PREFIX)/libexec/mfaguard/mfaguard-server"
	install -m 0755 .build/release/mfaguard "$(DESTDIR)$(PREFIX)/bin/mfaguard"

# Runs `mfaguard audit` against a local emulator seeded with a sample account.
# Extra arguments: make demo ARGS="--format html --output report.html"
demo: tools-demo release
	@bash scripts/demo.sh $(ARGS)

# The demo account served by `mfaguard serve` on 127.0.0.1:9321, every 30 s, in the foreground (docs/serve.md).
serve-demo: tools-demo release
	@DEMO_SERVE=1 bash scripts/demo.sh $(ARGS)

# The whole test suite: what CI runs. Tests that run the `mfaguard` executable run the release build
# users get (`make release`); unit tests run in the debug test bundle.
# The log of every test is .build/test.log; the output shows failures, lint and "N passed, N failed".
test: tools release
	$(SWIFT) build --build-tests $(WERROR)
	@SWIFT=$(SWIFT) bash scripts/run-tests.sh

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks Package.swift

fmt:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks Package.swift

bench: release
	@bash scripts/install-tools.sh bench
	@bash Benchmarks/run.sh

clean:
	rm -rf .build

# The verbs people type. `make demo` and `make test` are the README's quick start.
SWIFT ?= swift
WERROR = -Xswiftc -warnings-as-errors

.PHONY: all build release demo test test-only bench lint fmt tools clean

all: build

tools:
	@bash scripts/install-tools.sh

build:
	$(SWIFT) build $(WERROR)

release:
	$(SWIFT) build -c release $(WERROR) --static-swift-stdlib --product mfaguard

# Runs `mfaguard audit` against a local emulator seeded with a sample account.
# Extra arguments: make demo ARGS="--format html --output report.html"
demo: tools release
	@bash scripts/demo.sh $(ARGS)

# The whole test suite: what CI runs.
test: tools
	$(SWIFT) build --build-tests $(WERROR)
	$(SWIFT) test --skip-build --parallel
	@$(MAKE) --no-print-directory lint

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks Package.swift

fmt:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks Package.swift

bench: tools
	@bash Benchmarks/run.sh

clean:
	rm -rf .build

# docverify: `make demo` judges the bundled sample documents; `make test` runs every test.
# Both install what they need on a fresh Debian 12 machine with Swift (apt packages via
# scripts/install-deps.sh; Python tools for fixtures and cross-checks in .venv).

SWIFT ?= swift
BUILD_DIR ?= .build
DEMO_NOW ?= 2026-11-25T12:00:00Z
DOCVERIFY_DEBUG := $(BUILD_DIR)/debug/docverify
DOCVERIFY_RELEASE := $(BUILD_DIR)/release/docverify

.PHONY: lint format all deps build release demo test test-swift check-systemd fixtures venv bench clean catalogue

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --scratch-path $(BUILD_DIR)

# The release binary links the Swift runtime and Foundation statically: it starts in a
# third of the time (no dynamic symbol lookups for them, which matters when the CLI and
# each worker start per document) and runs on a host without a Swift toolchain.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(BUILD_DIR)

## demo: verify the sample documents with the CLI, then run the daemon once over them.
demo: release
	@echo "== docverify verify testdata/samples/* (evaluation time $(DEMO_NOW), test issuer allowed)"
	@$(DOCVERIFY_RELEASE) verify --now $(DEMO_NOW) --allow-test-keys --keys keys testdata/samples/*.pdf testdata/statements/genuine-en.pdf testdata/statements/genuine-cn.pdf testdata/statements/forged-cn-amount.pdf 2>/dev/null || true
	@if [ -x scripts/demo-daemon.sh ]; then scripts/demo-daemon.sh $(DOCVERIFY_RELEASE) $(BUILD_DIR)/demo-spool; fi

## test: every Swift test (unit, end-to-end through the built binary, daemon), then the systemd unit checks.
test: deps
	$(SWIFT) build --build-tests --scratch-path $(BUILD_DIR)
	# The daemon tests time real processes against deadlines; they run on their own so the
	# end-to-end tests (which block threads while the CLI runs) cannot starve their clocks.
	$(SWIFT) test --skip-build --scratch-path $(BUILD_DIR) --skip DaemonTests
	$(SWIFT) test --skip-build --scratch-path $(BUILD_DIR) --filter DaemonTests
	@if [ -x scripts/check-systemd.sh ]; then scripts/check-systemd.sh; fi

## lint: swift format's check of Sources, Tests and Package.swift against .swift-format (CI runs it).
lint:
	swift format lint --strict --recursive Sources Tests Package.swift

## format: rewrite the Swift sources as .swift-format says.
format:
	swift format format --in-place --recursive Sources Tests Package.swift

catalogue: build
	$(DOCVERIFY_DEBUG) codes > docs/FINDINGS.md

venv:
	@test -x .venv/bin/python || python3 -m venv .venv
	@.venv/bin/pip install -q -r testdata/requirements.txt

## fixtures: rebuild every file under testdata/ from the committed generators.
fixtures: venv
	.venv/bin/python testdata/generate.py

bench: release venv
	bench/run-all.sh

clean:
	rm -rf $(BUILD_DIR)

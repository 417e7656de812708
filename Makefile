# partner-map: `make run` to try it, `make test` to check everything.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# cargo-leptos must not try to download tailwind: it finds ours on PATH.
export LEPTOS_TAILWIND_VERSION := v4.3.5
export DATABASE_URL ?= sqlite://data/partner-map.db
BIN := target/release/partner-map

.PHONY: run test tools test-tools build test-rust test-rust-sqlite test-rust-postgres test-e2e size size-check bench fuzz

run: build
	@mkdir -p data
	@$(BIN) demo seed --if-empty --save-logins data/demo-logins.txt > /dev/null
	@if [ -f data/demo-logins.txt ]; then cat data/demo-logins.txt; else echo "This database has its own accounts."; fi
	@echo "==> partner-map on http://127.0.0.1:3000 (database $(DATABASE_URL)); Ctrl-C stops it"
	LEPTOS_SITE_ROOT=target/site $(BIN) serve

test: test-tools test-rust build size-check test-e2e
	@echo "==> all tests passed: Rust on SQLite and PostgreSQL, WASM size, browser tests"

tools:
	@scripts/install-tools.sh

test-tools:
	@scripts/install-tools.sh --test

build: tools
	cargo leptos build --release
	node scripts/api-viewer.mjs
	node scripts/precompress.mjs target/site/pkg
	node scripts/precompress.mjs target/site/pkg/api-docs

test-rust: test-rust-sqlite test-rust-postgres

test-rust-sqlite: tools
	@echo "==> Rust tests on SQLite"
	cargo test --features ssr

# Every integration test file runs here too: each one that touches the
# database takes the backend from PARTNER_MAP_TEST_POSTGRES (tests/integration/support).
test-rust-postgres: test-tools
	@echo "==> Rust tests on PostgreSQL"
	scripts/with-postgres.sh cargo test --features ssr --tests

# Longer fuzzing than `make test` runs, from a new seed each time (printed;
# `make fuzz FUZZ_SEED=N` runs one again): malformed input at every server
# function and plain route on SQLite and PostgreSQL, and damaged exports
# through the CSV importer.
FUZZ_CASES ?= 50000
PROPTEST_CASES ?= 20000
fuzz: test-tools
	@seed=$${FUZZ_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "==> fuzzing from seed $$seed: $(FUZZ_CASES) requests per database, $(PROPTEST_CASES) damaged files"; \
	export FUZZ_SEED=$$seed PROPTEST_RNG_SEED=$$seed FUZZ_CASES=$(FUZZ_CASES) PROPTEST_CASES=$(PROPTEST_CASES); \
	cargo test --release --features ssr --lib -- import::fuzz --nocapture && \
	cargo test --release --features ssr --test integration -- fuzz:: --nocapture && \
	scripts/with-postgres.sh cargo test --release --features ssr --test integration -- fuzz:: --nocapture

size-check:
	@scripts/size.sh --check

size: build
	@scripts/size.sh

bench: build
	@scripts/install-tools.sh --bench
	@scripts/bench.sh
	@scripts/bench-deals.sh
	@scripts/bench-tasks.sh
	@scripts/bench-progress.sh
	@scripts/bench-mail.sh

test-e2e: test-tools
	@echo "==> browser tests (Playwright, Debian Chromium; hydrated and without JavaScript)"
	cd end2end && playwright test

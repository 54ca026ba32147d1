# hookseal: every task has one entry point here.
#
#   make demo   the end-to-end run a newcomer starts with
#   make test   every check CI runs (lint + all tests), installing what it needs
#
# Each target installs what it needs on a fresh machine and skips what is present.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
PYTHON ?= python3
TYPOS_VERSION := 1.52.0

.PHONY: help demo test test-rust test-python test-node test-wasm lint format vectors bench toolchain
.PHONY: load load-smoke
.PHONY: hostile
.PHONY: fuzz fuzz-smoke fuzz-tools

help: ## Show the targets and what they do
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

toolchain: ## Install what the checks use (rustfmt, clippy, typos) if missing
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup"; exit 1; }
	@$(CARGO) fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@$(CARGO) clippy --version >/dev/null 2>&1 || rustup component add clippy
	@typos --version 2>/dev/null | grep -qx 'typos-cli $(TYPOS_VERSION)' || \
		$(CARGO) install typos-cli --version =$(TYPOS_VERSION)

demo: ## Sign and verify with every scheme; refuse bad deliveries in Rust, Python, Node, a Worker
	$(CARGO) run --quiet -p hookseal --example demo
	@echo
	$(MAKE) --no-print-directory -C bindings-python build
	bindings-python/.venv/bin/python examples/python/receiver.py
	@echo
	$(MAKE) --no-print-directory -C bindings-node build
	node examples/node/receiver.mjs
	@echo
	$(MAKE) --no-print-directory -C bindings-wasm build
	node examples/worker/demo.mjs

test: lint test-rust test-python test-node test-wasm load-smoke fuzz-smoke ## Run every check and test (what CI runs)
	@echo "make test: all checks passed"

test-rust: ## Core unit, integration, property, vector and doc tests
	$(CARGO) test --workspace --all-features

test-python: ## The Python wheel: build it, lint it, run its tests (venv in bindings-python/)
	$(MAKE) -C bindings-python test

test-node: ## The Node addon: build it, check its typings, run its tests and the vectors
	$(MAKE) -C bindings-node test

test-wasm: ## The wasm build: build it (wasm-bindgen, wasm-opt), report its size, run the vectors
	$(MAKE) -C bindings-wasm test

lint: toolchain ## Formatting, spelling, clippy and rustdoc -D warnings, vectors up to date
	$(CARGO) fmt --all -- --check
	typos
	$(CARGO) clippy --workspace --all-targets --all-features -- -D warnings
	$(CARGO) clippy -p hookseal --no-default-features --lib -- -D warnings # the no_std build
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --quiet
	$(PYTHON) tests/vectors/generate.py --check
	$(PYTHON) tests/hostile/generate.py --check

format: toolchain ## Format the Rust code
	$(CARGO) fmt --all

vectors: ## Regenerate tests/vectors/*.json from generate.py (Python's hmac)
	$(PYTHON) tests/vectors/generate.py

hostile: ## Regenerate tests/hostile/corpus.json (malformed inputs for every binding)
	$(PYTHON) tests/hostile/generate.py

bench: ## Verify beside standardwebhooks, svix, stripe, octokit, hmac, Web Crypto: bench/RESULTS.md
	$(MAKE) --no-print-directory -C bindings-python build
	$(MAKE) --no-print-directory -C bindings-node build
	$(MAKE) --no-print-directory -C bindings-wasm build
	$(MAKE) --no-print-directory -C bench all

LOAD_DRIVER := bindings-python/.venv/bin/python tests/load/driver.py

load: ## Two receivers, one Redis: 100,000 deliveries, then a Redis restart (tests/load/RESULTS.md)
	$(MAKE) --no-print-directory -C bindings-python build
	$(MAKE) --no-print-directory -C bindings-node build
	scripts/ensure-redis-server
	$(LOAD_DRIVER) --sends 100000 --fault-sends 20000 --results tests/load/RESULTS.md

load-smoke: ## The load test in small: 2,000 deliveries, then a Redis restart during 3,000 more
	$(MAKE) --no-print-directory -C bindings-python build
	$(MAKE) --no-print-directory -C bindings-node build
	scripts/ensure-redis-server
	$(LOAD_DRIVER) --sends 2000 --fault-sends 3000

# Fuzzing (core/fuzz/README.md): cargo-fuzz on nightly, in its own workspace and target dir
# (core/fuzz/target). No sanitizer: the core forbids unsafe code, and ASan would halve the
# executions per second. New inputs go to core/fuzz/target/, not to the committed corpus.
FUZZ_TARGETS := headers scheme_fields verify roundtrip ticket
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_RUNS ?= 10000
FUZZ_RUN := $(CARGO) +nightly fuzz run --sanitizer none

fuzz-tools:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@$(CARGO) fuzz --version >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked

fuzz: fuzz-tools ## Fuzz every core target for FUZZ_SECONDS each (default 60)
	cd core/fuzz && for t in $(FUZZ_TARGETS); do \
		mkdir -p target/fuzz-corpus/$$t && \
		$(FUZZ_RUN) $$t target/fuzz-corpus/$$t corpus/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 || exit 1; \
	done

fuzz-smoke: fuzz-tools ## Every fuzz target over its committed corpus, then 10,000 mutations each
	cd core/fuzz && $(CARGO) +nightly fuzz build --sanitizer none
	cd core/fuzz && for t in $(FUZZ_TARGETS); do \
		rm -rf target/smoke-corpus/$$t && mkdir -p target/smoke-corpus/$$t && \
		$(FUZZ_RUN) $$t target/smoke-corpus/$$t corpus/$$t -- \
			-runs=$(FUZZ_SMOKE_RUNS) -seed=1 -max_total_time=60 >target/smoke-$$t.log 2>&1 || \
			{ tail -n 40 target/smoke-$$t.log; exit 1; }; \
		echo "fuzz-smoke $$t: $$(grep -E '^#[0-9]' target/smoke-$$t.log | tail -n 1)"; \
	done

# Evidence for docs/SECURITY.md: timing, memory, memcheck.
.PHONY: timing memory memcheck
TIMING_MEASUREMENTS ?= 2000000
# Property cases under valgrind (about 50 times slower than a plain debug run).
MEMCHECK_PROPTEST_CASES ?= 64
MEMCHECK_LOGS := target/memcheck
# CARGO_TARGET_<HOST>_RUNNER, so that cargo starts every test binary under valgrind.
HOST_RUNNER = CARGO_TARGET_$(shell rustc -vV | sed -n 's/^host: //p' | tr 'a-z-' 'A-Z_')_RUNNER
VALGRIND := valgrind --error-exitcode=101 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect

timing: ## Welch t-tests (dudect-style) of verify's timing, with leaky controls; prints Markdown
	$(CARGO) run --release --quiet -p hookseal --example timing -- $(TIMING_MEASUREMENTS)

memory: ## Resident memory of a full ReplayGuard (1,000,000 and 100,000 entries), with churn
	$(CARGO) run --release --quiet -p hookseal --example guard_memory -- 1000000 \
		--churn 2000000 --max-bytes-per-entry 190
	$(CARGO) run --release --quiet -p hookseal --example guard_memory -- 100000 \
		--churn 2000000 --max-bytes-per-entry 190

memcheck: ## The core's tests under valgrind memcheck: fails on any invalid access or leak
	@command -v valgrind >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
	rm -rf $(MEMCHECK_LOGS) && mkdir -p $(MEMCHECK_LOGS)
	PROPTEST_CASES=$(MEMCHECK_PROPTEST_CASES) \
	$(HOST_RUNNER)="$(VALGRIND) --log-file=$(CURDIR)/$(MEMCHECK_LOGS)/%p.log" \
		$(CARGO) test -p hookseal --all-features --lib --tests -- \
		--skip resident_memory_per_guard_entry
	@for log in $(MEMCHECK_LOGS)/*.log; do \
		name=$$(sed -n 's|.*Command: [^ ]*/\([A-Za-z0-9_]*\)-[0-9a-f]* .*|\1|p' $$log); \
		errors=$$(grep -o 'ERROR SUMMARY: [0-9,]* errors' $$log); \
		leaks=$$(grep -o -E 'definitely lost: [0-9,]* bytes|no leaks are possible' $$log); \
		echo "memcheck $$name: $$errors, $$leaks"; \
	done

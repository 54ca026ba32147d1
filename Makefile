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

test: lint test-rust test-python test-node test-wasm ## Run every check and test (what CI runs)
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

format: toolchain ## Format the Rust code
	$(CARGO) fmt --all

vectors: ## Regenerate tests/vectors/*.json from generate.py (Python's hmac)
	$(PYTHON) tests/vectors/generate.py

bench: ## Verify beside standardwebhooks, svix, stripe, octokit, hmac, Web Crypto: bench/RESULTS.md
	$(MAKE) --no-print-directory -C bindings-python build
	$(MAKE) --no-print-directory -C bindings-node build
	$(MAKE) --no-print-directory -C bindings-wasm build
	$(MAKE) --no-print-directory -C bench all

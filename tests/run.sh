#!/usr/bin/env bash
# The one command that runs every test of yokoten: Rust unit and integration tests, the
# node tests of the browser search script on the shared vectors, and the end-to-end tests in
# headless Chromium (search on a fixture and on the bundled site, live reload of `serve`).
# Installs what the browser tests need (Debian's chromium, npm packages) when missing.
#
# Works wherever cargo puts its files: the binary and the built sites are looked up in the
# target folder cargo reports (CARGO_TARGET_DIR or .cargo/config may move it). A failing
# stage stops the run with its name; no stage is skipped silently.
set -euo pipefail
cd "$(dirname "$0")/.."

stage="start"
started=$SECONDS
trap 'echo "!! tests/run.sh stopped: the stage \"$stage\" failed (see above)" >&2' ERR

step() {
    stage="$1"
    echo "== $1"
}

step "module map: no cycles between modules"
python3 .ci/module_cycles.py

step "cargo test (unit + integration)"
cargo test

step "find cargo's target folder and the binary"
target=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
cargo build -q
export YOKOTEN_TARGET_DIR="$target"
export YOKOTEN_BIN="$target/debug/yokoten"
test -x "$YOKOTEN_BIN" || { echo "no binary at $YOKOTEN_BIN" >&2; false; }
echo "target folder: $target"

step "browser tests: setup (chromium, node packages)"
bash tests/js/setup.sh

step "build the bundled site for the browser tests (under a base path)"
"$YOKOTEN_BIN" build --root . --output "$target/e2e-site" --base-url http://127.0.0.1/dx/

step "node tests: search script, search and live reload in headless Chromium"
(cd tests/js && npm test --silent)

step "search in headless Chromium on the bundled site"
(cd tests/js && YOKOTEN_SITE="$target/e2e-site" YOKOTEN_BASE=/dx/ YOKOTEN_QUERY=書かない窓口 \
    node --test e2e.test.js)

echo "== all tests passed in $((SECONDS - started)) s"

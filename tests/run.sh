#!/usr/bin/env bash
# The one command that runs every test of yokoten: Rust unit and integration tests, the
# node tests of the browser search script on the shared vectors, and the end-to-end tests in
# headless Chromium (search on a fixture and on the bundled site, live reload of `serve`).
# Installs what the browser tests need (Debian's chromium, npm packages) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== module map: no cycles between modules"
python3 .ci/module_cycles.py

echo "== cargo test (unit + integration)"
cargo test

echo "== browser tests: setup (chromium, node packages)"
bash tests/js/setup.sh

echo "== build the bundled site for the browser tests (under a base path)"
cargo run -q -- build --root . --output target/e2e-site --base-url http://127.0.0.1/dx/

echo "== node tests: search script, search and live reload in headless Chromium"
(cd tests/js && npm test --silent)

echo "== search in headless Chromium on the bundled site"
(cd tests/js && YOKOTEN_SITE=../../target/e2e-site YOKOTEN_BASE=/dx/ YOKOTEN_QUERY=書かない窓口 \
    node --test e2e.test.js)

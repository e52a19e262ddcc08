#!/usr/bin/env bash
# The one command that runs every test of yokoten: Rust unit and integration tests, the
# node tests of the browser search script, and the end-to-end tests in headless Chromium.
# Installs what the browser tests need (Debian's chromium, npm packages) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (unit + integration)"
cargo test --all-targets

if [ -f tests/js/package.json ]; then
    echo "== browser tests: setup"
    bash tests/js/setup.sh
    echo "== browser tests: node --test"
    (cd tests/js && npm test)
fi

#!/usr/bin/env bash
# Installs what the browser tests need, when missing: Debian's chromium, a Japanese font
# (without one the screenshots in target/screenshots/ show every kanji as a box), and the
# node packages of tests/js (playwright-core, which drives /usr/bin/chromium; it downloads
# no browser of its own).
set -euo pipefail
cd "$(dirname "$0")"
apt_install() {
  local sudo=
  if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -n "$(fc-list :lang=ja 2>/dev/null | head -1)" ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
fi

'use strict';
// Builds the fixture sites with the Rust example (once per process) and returns their paths.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
// Cargo's target folder: tests/run.sh passes the one cargo uses (CARGO_TARGET_DIR may move it).
const TARGET = path.resolve(process.env.YOKOTEN_TARGET_DIR || path.join(ROOT, 'target'));
const OUT = path.join(TARGET, 'search-fixture');
let built = null;

/** { site, synth }: folders to serve under /dx/. YOKOTEN_SITE points at a real built site. */
function fixtures() {
  if (built) return built;
  const site = path.join(OUT, 'site');
  const synth = path.join(OUT, 'synth');
  const run = (args) => execFileSync('cargo', ['run', '-q', '--example', 'search_fixture', '--', ...args], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
  });
  run([site, '/dx/']);
  run([synth, '/dx/', '--synthetic', '400']);
  built = { site, synth };
  return built;
}

module.exports = { fixtures, ROOT, TARGET };

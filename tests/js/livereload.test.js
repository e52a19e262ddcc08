'use strict';
// End-to-end test of `yokoten serve` in headless Chromium: the open page reloads itself
// after an edit, a stylesheet change is swapped in without a reload, and a bad edit shows
// the error overlay until the file is fixed.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn, execFileSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '..', '..');
const { TARGET } = require('./fixture.js');
const BIN = process.env.YOKOTEN_BIN || path.join(TARGET, 'debug', 'yokoten');
const WAIT = 20000;

let browser;
let serve;
let site;
let origin;
let output = '';

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function waitForOutput(needle) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (output.includes(needle)) return resolve();
      if (Date.now() - started > WAIT) return reject(new Error(`no "${needle}" in:\n${output}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

test.before(async () => {
  assert.ok(fs.existsSync(BIN), `build yokoten first (cargo build): ${BIN}`);
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'yokoten-live-'));
  execFileSync(BIN, ['init', site]);
  const port = await freePort();
  // init's sample case is a draft: --drafts previews it, as an editor writing it would.
  serve = spawn(BIN, ['serve', '--drafts', '--root', site, '--port', String(port), '--output', path.join(site, 'out')], {
    env: { ...process.env, NO_COLOR: '1', YOKOTEN_LANG: 'ja' },
  });
  serve.stdout.on('data', (d) => { output += d; });
  serve.stderr.on('data', (d) => { output += d; });
  await waitForOutput('変更を見張っています');
  const m = output.match(/プレビュー: (http:\/\/127\.0\.0\.1:\d+)(\/\S*)/);
  assert.ok(m, output);
  origin = m[1] + m[2];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

test.after(async () => {
  if (browser) await browser.close();
  if (serve) serve.kill();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

const casePath = () => path.join(site, 'content', 'cases', 'sample-case.md');

test('a saved edit reloads the open page; CSS swaps without a reload; errors show an overlay', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${origin}cases/sample-case/`);
  await page.waitForFunction(() => typeof window.fetch === 'function');
  // The reload script has asked for the build state once it is running.
  await page.waitForTimeout(300);

  // 1. An edit to the case reloads the page with the new title.
  const original = fs.readFileSync(casePath(), 'utf8');
  const reloaded = page.waitForEvent('load', { timeout: WAIT });
  fs.writeFileSync(casePath(), original.replace(/^title: .*$/m, 'title: ライブリロードで更新された題名'));
  await reloaded;
  await page.waitForFunction(() => document.querySelector('article.case h1').textContent.includes('ライブリロード'), null, { timeout: WAIT });

  // 2. A stylesheet change applies without a reload: a marker set on the page survives.
  await page.evaluate(() => { window.__kept = 'still here'; });
  const css = path.join(site, 'themes', 'default', 'static', 'assets', 'style.css');
  fs.appendFileSync(css, '\nbody { outline: 7px solid rgb(1, 2, 3); }\n');
  await page.waitForFunction(() => getComputedStyle(document.body).outlineWidth === '7px', null, { timeout: WAIT });
  assert.equal(await page.evaluate(() => window.__kept), 'still here', 'the page reloaded for a CSS change');

  // 3. A bad edit shows the error overlay with file and line; the page stays up.
  fs.writeFileSync(casePath(), original.replace(/^prefecture: .*$/m, 'prefecture: 福井'));
  await page.waitForSelector('#yokoten-error-overlay', { timeout: WAIT });
  const text = await page.textContent('#yokoten-error-overlay');
  assert.match(text, /sample-case\.md:\d+:\d+/);
  assert.match(text, /福井県/);
  // The overlay speaks the editor's language (Japanese by default).
  assert.match(text, /サイトに問題があります/);

  // 4. Fixing the file clears the overlay (the page reloads with the fix).
  fs.writeFileSync(casePath(), original.replace(/^title: .*$/m, 'title: 直した題名'));
  await page.waitForFunction(() => !document.getElementById('yokoten-error-overlay') &&
    document.querySelector('article.case h1') &&
    document.querySelector('article.case h1').textContent.includes('直した題名'), null, { timeout: WAIT });
});

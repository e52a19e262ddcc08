'use strict';
// Accessibility of the built site in headless Chromium: axe-core (WCAG 2.x A and AA, the
// level JIS X 8341-3:2016 AA asks for) on every page type, a keyboard-only search, and
// screenshots at phone and desktop widths for a person to look at.
//
// The site is the bundled content built under a base path (tests/run.sh builds it into
// target/e2e-site); YOKOTEN_SITE points elsewhere.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { serve } = require('./server.js');

const ROOT = path.resolve(__dirname, '..', '..');
const { TARGET } = require('./fixture.js');
const SITE = path.resolve(process.env.YOKOTEN_SITE || path.join(TARGET, 'e2e-site'));
const BASE = process.env.YOKOTEN_BASE || '/dx/';
const SHOTS = path.join(TARGET, 'screenshots');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;
let site;

/** The first page folder under `dir` of the built site, e.g. a term of a taxonomy. */
function firstChild(dir) {
  const names = fs.readdirSync(path.join(SITE, dir)).filter((n) => n !== 'page' &&
    fs.existsSync(path.join(SITE, dir, n, 'index.html'))).sort();
  assert.ok(names.length, `no pages under ${dir}`);
  return `${dir}/${encodeURIComponent(names[0])}/`;
}

test.before(async () => {
  assert.ok(fs.existsSync(path.join(SITE, 'index.html')), `build the site first: ${SITE}`);
  site = await serve(SITE, BASE);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

test.after(async () => {
  if (browser) await browser.close();
  if (site) await site.close();
});

async function axe(page) {
  // Evaluated through the browser's debugging protocol: the pages' Content-Security-Policy
  // (rightly) refuses an inline script tag.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  });
}

test('axe reports no WCAG A/AA violations, and the CSP blocks nothing, on any page type', async () => {
  const pages = [
    '', 'cases/', firstChild('cases'), 'categories/', firstChild('categories'), 'tags/', firstChild('tags'),
    'prefectures/', firstChild('prefectures'), 'municipalities/', firstChild('municipalities'),
    'about/', 'search/', `search/?q=${encodeURIComponent('窓口')}`, `search/?q=${encodeURIComponent('該当なしの語句ですよ')}`,
    '404.html',
  ];
  const found = [];
  const blocked = [];
  const context = await browser.newContext();
  // Everything the pages' Content-Security-Policy refuses (an inline style or script the
  // theme or a case body would need) is reported here.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const p of pages) {
    const page = await context.newPage();
    await page.goto(`${site.origin}${BASE}${p}`);
    if (p.startsWith('search/')) {
      await page.waitForFunction(() => {
        const app = document.getElementById('search-app');
        return app && !app.hasAttribute('aria-busy') && document.getElementById('search-count').textContent !== '';
      }, null, { timeout: 15000 });
    }
    const lang = await page.getAttribute('html', 'lang');
    assert.equal(lang, 'ja', `${p}: lang`);
    assert.equal(await page.locator('h1').count(), 1, `${p}: one h1 per page`);
    assert.ok(await page.$('meta[http-equiv="Content-Security-Policy"]'), `${p}: no CSP`);
    for (const v of await page.evaluate(() => window.__csp)) blocked.push(`/${p}: ${v}`);
    for (const v of await axe(page)) found.push(`/${p}: ${v}`);
    await page.close();
  }
  await context.close();
  assert.deepEqual(blocked, [], `the CSP blocked:\n${blocked.join('\n')}`);
  assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
});

test('search works with the keyboard alone and announces results', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.origin}${BASE}`);
  // The skip link is the first stop and leads to the main content.
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href') }));
  assert.match(first.text, /本文へ/);
  // Tab on until a search box has focus, type, submit with Enter.
  for (let i = 0; i < 15; i++) {
    if (await page.evaluate(() => document.activeElement && document.activeElement.name === 'q')) break;
    await page.keyboard.press('Tab');
  }
  assert.ok(await page.evaluate(() => document.activeElement.name === 'q'), 'the search box is reachable by Tab');
  await page.keyboard.type('窓口');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.ok(new URL(page.url()).pathname.endsWith(`${BASE}search/`));
  await page.waitForFunction(() => document.getElementById('search-count').textContent !== '', null, { timeout: 15000 });
  const live = await page.$$eval('[aria-live]', (els) => els.map((e) => e.textContent.trim()).filter(Boolean));
  assert.ok(live.length, 'results are announced in an aria-live region');
  // Tab to the first result and open it with Enter.
  let onResult = false;
  for (let i = 0; i < 80 && !onResult; i++) {
    await page.keyboard.press('Tab');
    onResult = await page.evaluate(() => !!document.activeElement.closest('#search-results li'));
  }
  assert.ok(onResult, 'a result link is reachable by Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused link shows a focus outline');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.ok(await page.$('article.case h1'), 'Enter opens the case');
  await context.close();
});

test('screenshots of home, a case and search at phone and desktop widths', async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const targets = { home: '', case: firstChild('cases'), search: `search/?q=${encodeURIComponent('窓口')}` };
  for (const [w, h, label] of [[390, 844, 'phone'], [1280, 900, 'desktop']]) {
    const context = await browser.newContext({ viewport: { width: w, height: h } });
    const page = await context.newPage();
    for (const [name, p] of Object.entries(targets)) {
      await page.goto(`${site.origin}${BASE}${p}`);
      if (name === 'search') {
        await page.waitForFunction(() => document.getElementById('search-count').textContent !== '', null, { timeout: 15000 });
      }
      // Nothing may overflow sideways on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${name} at ${w}px scrolls sideways by ${overflow}px`);
      const file = path.join(SHOTS, `${name}-${label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10000, `${file} looks empty`);
    }
    await context.close();
  }
  console.log(`screenshots in ${SHOTS}`);
});

'use strict';
// End-to-end tests of the search page in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), against a built site served on 127.0.0.1 under a base path.
//
// By default the site is the fixture that examples/search_fixture.rs writes. To test a real
// build: YOKOTEN_SITE=path/to/public YOKOTEN_BASE=/dx/ (fixture-specific checks are then
// skipped; the generic ones run with YOKOTEN_QUERY, default 研修).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { serve } = require('./server.js');
const { fixtures } = require('./fixture.js');

const REAL = process.env.YOKOTEN_SITE ? path.resolve(process.env.YOKOTEN_SITE) : null;
const BASE = process.env.YOKOTEN_BASE || '/dx/';
const QUERY = process.env.YOKOTEN_QUERY || '研修';
const FIRST_MAX = 100 * 1024;
const NEXT_MAX = 30 * 1024;

let browser;
let site;
let synth;
let expected = null;
let manifest = null;
let synthDir = null;

test.before(async () => {
  const dirs = REAL ? { site: REAL, synth: REAL } : fixtures();
  site = await serve(dirs.site, BASE);
  synth = dirs.synth === dirs.site ? site : await serve(dirs.synth, BASE);
  synthDir = dirs.synth;
  if (!REAL) expected = JSON.parse(fs.readFileSync(path.join(dirs.site, 'search-expected.json'), 'utf8'));
  manifest = JSON.parse(fs.readFileSync(path.join(dirs.site, 'search/manifest.json'), 'utf8'));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

test.after(async () => {
  if (browser) await browser.close();
  if (site) await site.close();
  if (synth && synth !== site) await synth.close();
});

/** A fresh page (empty cache) that fails the test on script errors. */
async function open(server, query = '', opts = {}) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.origin}${BASE}search/${query}`);
  return { page, context, errors };
}

/** Wait until the page shows the results of the state in its URL. */
async function settled(page) {
  await page.waitForFunction(() => {
    const app = document.getElementById('search-app');
    return app && !app.hasAttribute('aria-busy') &&
      app.getAttribute('data-rendered') === location.pathname + location.search + location.hash &&
      document.getElementById('search-count').textContent !== '';
  }, null, { timeout: 15000 });
  return Number((await page.textContent('#search-count')).replace(/[^0-9]/g, ''));
}

async function type(page, text) {
  await page.fill('input[name="q"]', text);
  await page.waitForFunction((t) => new URLSearchParams(location.search).get('q') === t, text, { timeout: 5000 });
  return settled(page);
}

async function hrefs(page) {
  return page.$$eval('#search-results li a[href]', (as) => as.map((a) => a.getAttribute('href')));
}

function expectedFor(q) {
  return expected.queries.find((e) => e.query.q === q && !e.query.category.length && !e.query.prefecture.length);
}

test('browse without a query lists every case, newest first', async () => {
  const { page, context, errors } = await open(site);
  const n = await settled(page);
  assert.ok(n > 0);
  const links = await hrefs(page);
  assert.ok(links.length > 0 && links.length <= 10);
  for (const h of links) assert.ok(h.startsWith(BASE), `${h} is under the base path`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a mid-sentence Japanese word is found, and only where it is', { skip: !!REAL }, async () => {
  const { page, context, errors } = await open(site);
  await settled(page);
  const n = await type(page, '手上げ');
  assert.equal(n, expectedFor('手上げ').docs.length);
  const links = await hrefs(page);
  assert.ok(links.includes(`${BASE}cases/awara-dx-suishinin/`));
  assert.ok(links.includes(`${BASE}cases/sample-kosodate/`), 'found in the middle of a sentence');
  assert.ok(!links.includes(`${BASE}cases/oguni-nocode-app/`), '手 and 上げ apart do not match');
  const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.includes('手上げ'), 'the match is highlighted');
  assert.deepEqual(errors, []);
  await context.close();
});

test('full-width and half-width forms match each other', { skip: !!REAL }, async () => {
  const { page, context } = await open(site);
  await settled(page);
  // Full-width katakana query, half-width text (ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ) in the Miyakonojo case.
  assert.equal(await type(page, 'マイナンバーカード'), expectedFor('マイナンバーカード').docs.length);
  assert.ok((await hrefs(page)).includes(`${BASE}cases/miyakonojo-quartet/`));
  // Full-width Latin query, half-width text.
  assert.ok(await type(page, 'ＲＰＡ') >= 1);
  assert.ok((await hrefs(page)).includes(`${BASE}cases/sample-rpa/`));
  // Half-width query.
  assert.equal(await type(page, 'ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ'), expectedFor('マイナンバーカード').docs.length);
  await context.close();
});

test('facets narrow results, counts tell the result, and the URL holds the state', async () => {
  const { page, context, errors } = await open(site);
  await settled(page);
  const all = await type(page, QUERY);
  assert.ok(all > 0);
  const box = await page.$('#search-facets fieldset[data-facet="category"] input[type="checkbox"]:not([disabled])');
  assert.ok(box, 'a category to choose');
  const value = await box.getAttribute('value');
  const label = await page.textContent(`label[for="${await box.getAttribute('id')}"]`);
  const promised = Number(label.match(/\((\d+)\)/)[1]);
  await box.check();
  await page.waitForFunction((v) => new URLSearchParams(location.search).getAll('category').includes(v), value);
  const narrowed = await settled(page);
  assert.equal(narrowed, promised, 'the count beside the choice is the number of results');
  assert.ok(narrowed <= all);
  assert.equal(new URL(page.url()).searchParams.get('q'), QUERY);

  // A shared URL restores the same page.
  const shared = page.url();
  const other = await open(site);
  await other.page.goto(shared);
  assert.equal(await settled(other.page), narrowed);
  assert.equal(await other.page.inputValue('input[name="q"]'), QUERY);
  assert.ok(await other.page.isChecked(`#search-facets input[name="category"][value="${value}"]`));
  await other.context.close();

  // The back button returns to the unfiltered results.
  await page.goBack();
  await page.waitForFunction(() => !new URLSearchParams(location.search).has('category'));
  assert.equal(await settled(page), all);
  assert.deepEqual(errors, []);
  await context.close();
});

test('several values of a facet combine with OR, facets with AND', { skip: !!REAL }, async () => {
  const { page, context } = await open(site, '?q=' + encodeURIComponent('研修') + '&category=業務効率化&category=防災');
  const e = expected.queries.find((x) => x.query.q === '研修' && x.query.category.length === 2);
  assert.equal(await settled(page), e.docs.length);
  await page.goto(`${site.origin}${BASE}search/?prefecture=北海道&prefecture=福井県&pop=lt10k`);
  const e2 = expected.queries.find((x) => x.query.pop.length);
  assert.equal(await settled(page), e2.docs.length);
  await context.close();
});

test('tags are loaded on demand and filter', { skip: !!REAL }, async () => {
  const { page, context } = await open(site);
  await settled(page);
  const before = site.log.length;
  await page.click('#search-facets fieldset[data-facet="tag"] .search-facet-open');
  await page.waitForSelector('#search-facets fieldset[data-facet="tag"] input[value="LINE"]');
  assert.ok(site.log.slice(before).some((l) => l.path === 'search/tags.bin'));
  await page.check('#search-facets fieldset[data-facet="tag"] input[value="LINE"]');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('tag') === 'LINE');
  assert.equal(await settled(page), 1);
  assert.deepEqual(await hrefs(page), [`${BASE}cases/sample-line/`]);
  await context.close();
});

test('prefectures are loaded on demand, with their counts', { skip: !!REAL }, async () => {
  const start = site.log.length;
  const { page, context, errors } = await open(site, '?q=' + encodeURIComponent('研修'));
  const all = await settled(page);
  const prefs = () => site.log.slice(start).filter((l) => l.path === 'search/prefs.bin').length;
  assert.equal(prefs(), 0, 'a closed panel fetches nothing');
  assert.equal(await page.$$eval('#search-facets fieldset[data-facet="prefecture"] input', (i) => i.length), 0);
  await page.click('#search-facets fieldset[data-facet="prefecture"] .search-facet-open');
  await page.waitForSelector('#search-facets fieldset[data-facet="prefecture"] input[value="福井県"]');
  assert.equal(prefs(), 1);
  assert.equal(await page.$('#search-facets fieldset[data-facet="prefecture"] .search-facet-open'), null);
  const e = expected.queries.find((x) => x.query.q === '研修' && !x.query.category.length && !x.query.prefecture.length && !x.query.tag.length && !x.query.pop.length);
  const names = await page.$$eval('#search-facets fieldset[data-facet="prefecture"] input', (i) => i.map((x) => x.value));
  const label = await page.textContent('#search-facets fieldset[data-facet="prefecture"] input[value="福井県"] + label');
  const promised = Number(label.match(/\((\d+)\)/)[1]);
  assert.ok(names.length > 0 && promised > 0);
  assert.ok(e, 'the fixture has the expected answer of 研修');
  const i = manifest.facets.prefecture.values.findIndex((v) => v.name === '福井県');
  assert.equal(promised, e.facets.prefecture[i]);
  await page.check('#search-facets fieldset[data-facet="prefecture"] input[value="福井県"]');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('prefecture') === '福井県');
  assert.equal(await settled(page), promised);
  assert.ok(promised <= all);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a result link opens the case under the base path', async () => {
  const { page, context } = await open(site, '?q=' + encodeURIComponent(QUERY));
  await settled(page);
  await Promise.all([page.waitForNavigation(), page.click('#search-results li a[href]')]);
  assert.ok(new URL(page.url()).pathname.startsWith(BASE));
  assert.ok(await page.$('article.case h1'));
  await context.close();
});

test('without JavaScript the page links to the category and tag indexes', async () => {
  const { page, context } = await open(site, '', { javaScriptEnabled: false });
  assert.ok(await page.isVisible('#search-fallback'));
  const links = await page.$$eval('#search-fallback a[href]', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes(`${BASE}categories/`));
  assert.ok(links.includes(`${BASE}tags/`));
  await context.close();
});

test('bytes per query stay under the targets', async () => {
  const queries = REAL ? [QUERY, '推進'] : ['手上げ', 'マイナンバーカード', '窓口DX', '財政課', 'DX'];
  // The server may be shared with the other tests (a real site): count from here.
  const start = synth.log.length;
  const { page, context } = await open(synth);
  await settled(page);
  const sum = (entries) => entries.reduce((a, l) => a + l.bytes, 0);
  // First query: everything since the page itself (script, manifest, docs.bin, postings,
  // display records); the HTML page is the site's, not the search's.
  const first = synth.log.slice(start).filter((l) => l.path !== 'search/' && !l.path.endsWith('.html'));
  let mark = synth.log.length;
  const n = await type(page, queries[0]);
  const firstBytes = sum(first) + sum(synth.log.slice(mark));
  const lazy = synth.log.slice(start).filter((l) => l.path === 'search/prefs.bin' || l.path === 'search/tags.bin');
  assert.deepEqual(lazy, [], 'closed panels fetch nothing');
  console.log(`first query ${queries[0]}: ${n} hits, ${(firstBytes / 1024).toFixed(1)} KB gzip`);
  assert.ok(firstBytes < FIRST_MAX, `first query ${firstBytes} bytes`);
  for (const q of queries.slice(1)) {
    mark = synth.log.length;
    const k = await type(page, q);
    const bytes = sum(synth.log.slice(mark));
    console.log(`further query ${q}: ${k} hits, ${(bytes / 1024).toFixed(1)} KB gzip`);
    assert.ok(bytes < NEXT_MAX, `further query ${q}: ${bytes} bytes`);
  }
  // Records of packs come as Range answers, never as whole packs.
  const packs = synth.log.slice(start).filter((l) => /^search\/(k|ki|t|d|di|b)\//.test(l.path));
  assert.ok(packs.length > 0 && packs.every((l) => l.status === 206), JSON.stringify(packs.slice(0, 5)));
  await context.close();
});

test('a host without Range: the same results, each pack downloaded whole and once', async () => {
  const plain = await serve(synthDir, BASE, 0, false);
  try {
    const counts = [];
    for (const server of [synth, plain]) {
      const { page, context, errors } = await open(server);
      await settled(page);
      const got = [];
      for (const q of ['手上げ', '窓口DX', '財政課']) got.push([await type(page, q), await hrefs(page)]);
      counts.push(got);
      assert.deepEqual(errors, []);
      await context.close();
    }
    assert.deepEqual(counts[1], counts[0]);
    const packs = plain.log.filter((l) => /^search\/(k|ki|t|d|di|b)\//.test(l.path));
    assert.ok(packs.length > 0 && packs.every((l) => l.status === 200), JSON.stringify(packs.slice(0, 5)));
    assert.equal(new Set(packs.map((l) => l.path)).size, packs.length, 'a pack is fetched once');
  } finally {
    await plain.close();
  }
});

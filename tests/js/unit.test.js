'use strict';
// Node tests of the browser script: shared normalisation vectors, and the same answers as
// the Rust query engine (search-expected.json, written by examples/search_fixture.rs).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { fixtures, ROOT } = require('./fixture.js');
const S = require(path.join(ROOT, 'themes/default/static/assets/search.js'));

test('shared vectors: normalize, runs and terms match Rust', () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/search/vectors.json'), 'utf8'));
  assert.ok(vectors.length >= 20);
  for (const v of vectors) {
    assert.equal(S.normalize(v.input), v.normalized, `normalize ${JSON.stringify(v.input)}`);
    const runs = S.tokenize(v.input).map((r) => [r.kind, r.text, r.pos]);
    assert.deepEqual(runs, v.runs, `runs ${JSON.stringify(v.input)}`);
    assert.deepEqual(S.terms(v.input), v.terms, `terms ${JSON.stringify(v.input)}`);
  }
});

test('fnv1a matches the Rust bucket hash', () => {
  assert.equal(S.fnv1a(''), 0x811c9dc5);
  assert.equal(S.fnv1a('a'), 0xe40c292c);
});

test('plans', () => {
  assert.deepEqual(S.plan('dx', 3, 12), { term: 'dx' });
  assert.deepEqual(S.plan('130万', 3, 12), { term: '130\u0001万' });
  assert.equal(S.plan('手上げ', 3, 12).gram, '手上げ');
  assert.ok(S.plan('窓口dx化', 3, 12).parts.length > 0);
});

test('snippets highlight normalised matches in raw text', () => {
  const pieces = S.snippet('申請はﾏｲﾅﾝﾊﾞｰｶｰﾄﾞで行う。', ['マイナンバーカード']);
  assert.deepEqual(pieces.filter((p) => p[1]).map((p) => p[0]), ['ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ']);
  const long = 'あ'.repeat(300) + 'ＤＸ推進' + 'い'.repeat(300);
  const cut = S.snippet(long, ['dx推進'], 110);
  assert.equal(cut[0][0], '…');
  assert.ok(cut.some((p) => p[1] && p[0] === 'ＤＸ推進'));
  assert.ok(cut.map((p) => p[0]).join('').length <= 113);
  assert.deepEqual(S.snippet('', ['x']), []);
});

function engineFor(dir) {
  return new S.Engine(async (p) => {
    try { return new Uint8Array(fs.readFileSync(path.join(dir, p))); } catch { return null; }
  });
}

for (const which of ['site', 'synth']) {
  test(`same answers as the Rust engine (${which})`, async () => {
    const dir = fixtures()[which];
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'search-expected.json'), 'utf8'));
    const engine = engineFor(dir);
    const m = await engine.open();
    for (const e of expected.queries) {
      const q = e.query;
      const r = await engine.search(q, true);
      const label = JSON.stringify(q);
      assert.deepEqual(r.ranked.map((s) => s.doc), e.docs, `docs ${label}`);
      assert.deepEqual(r.ranked.map((s) => s.key), e.scores, `scores ${label}`);
      assert.deepEqual(r.facets.category, e.facets.category, `category counts ${label}`);
      assert.deepEqual(r.facets.prefecture.slice(0, m.facets.prefecture.values.length), e.facets.prefecture, `prefecture counts ${label}`);
      assert.deepEqual(r.facets.pop.slice(0, 4), e.facets.pop, `pop counts ${label}`);
      assert.deepEqual(r.facets.tag, e.facets.tag, `tag counts ${label}`);
      assert.deepEqual(r.ranked.map((s) => S.snippetPart(s.hits)), e.snippet_parts, `snippet parts ${label}`);
    }
  });
}

test('packs: Range answers and whole packs (hosts without Range) give the same results', async () => {
  const dir = fixtures().synth;
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'search-expected.json'), 'utf8'));
  const read = (p) => { try { return new Uint8Array(fs.readFileSync(path.join(dir, p))); } catch { return null; } };
  const ranged = [];
  const whole = [];
  const withRange = new S.Engine(async (p, r) => {
    const b = read(p);
    if (!r || !b) return b;
    ranged.push([p, r[1] - r[0]]);
    return b.subarray(r[0], r[1]);
  });
  const withoutRange = new S.Engine(async (p) => { whole.push(p); return read(p); });
  for (const e of expected.queries.slice(0, 12)) {
    const a = await withRange.search(e.query, true);
    const b = await withoutRange.search(e.query, true);
    assert.deepEqual(a.ranked.map((s) => s.doc), e.docs);
    assert.deepEqual(b.ranked.map((s) => s.doc), e.docs);
    for (const s of a.ranked.slice(0, 5)) {
      const part = S.snippetPart(s.hits);
      if (part < 0) continue;
      const t = await withRange.bodyPart(s.doc, part);
      assert.ok(t.length > 0, `body part ${s.doc}-${part}`);
      assert.equal(await withoutRange.bodyPart(s.doc, part), t);
    }
  }
  assert.ok(ranged.some(([p]) => p.startsWith('search/t/')), 'postings come from packs');
  assert.ok(ranged.every(([, n]) => n > 0 && n <= 256 * 1024));
  // Without Range a pack is downloaded once, then every range is cut from it.
  assert.equal(new Set(whole).size, whole.length, whole.join(' '));
});

test('closed panels fetch nothing: prefs.bin and tags.bin come when opened or filtered', async () => {
  const dir = fixtures().site;
  const fetched = [];
  const engine = new S.Engine(async (p) => {
    fetched.push(p);
    try { return new Uint8Array(fs.readFileSync(path.join(dir, p))); } catch { return null; }
  });
  const m = await engine.open();
  const q = { q: '', category: [], prefecture: [], tag: [], pop: [] };
  const closed = await engine.search(q, false);
  assert.equal(closed.facets.prefecture, null);
  assert.equal(closed.facets.tag, null);
  assert.ok(!fetched.includes('search/prefs.bin') && !fetched.includes('search/tags.bin'), fetched.join(' '));
  const pref = m.facets.prefecture.values[0].name;
  const filtered = await engine.search({ ...q, prefecture: [pref] }, { prefecture: false });
  assert.ok(fetched.includes('search/prefs.bin'));
  assert.ok(!fetched.includes('search/tags.bin'));
  assert.equal(filtered.ranked.length, m.facets.prefecture.values[0].count);
  const open = await engine.search(q, { prefecture: true });
  assert.equal(open.facets.prefecture[0], m.facets.prefecture.values[0].count);
  assert.equal(open.facets.tag, null);
});

test('garbage files do not throw', async () => {
  const engine = new S.Engine(async (p) => {
    if (p === 'search/manifest.json') {
      return new TextEncoder().encode(JSON.stringify({
        version: S.FORMAT, id: 'x', docs: 3, buckets: 2, grams: { min_len: 3, max_len: 12 }, part_chars: 400, avg_body: 10,
        ranking: { weights: [5, 3, 2, 1], k1: 1.2, b: 0.75, title_bonus: 0.5, field_phrase_bonus: 0.3 },
        facets: { category: { values: [] }, prefecture: { values: [] }, pop: { values: [] }, tag: { count: 0 } },
      }));
    }
    if (p === "search/docs.bin") return new Uint8Array([3, 0, 1, 0, 0, 0, 0, 0x21, 0x03, 0x21, 0x03]);
    return new Uint8Array([5, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });
  for (const q of ['手上げ', 'dx', '窓口dx化', 'a b', '']) {
    const r = await engine.search({ q, category: [], prefecture: [], tag: [], pop: [] }, true);
    assert.ok(Array.isArray(r.ranked));
  }
});

test('an index of another format is refused, not misread', async () => {
  for (const version of [S.FORMAT - 1, S.FORMAT + 1, undefined]) {
    let fetched = [];
    const engine = new S.Engine(async (p) => {
      fetched.push(p);
      return p === 'search/manifest.json'
        ? new TextEncoder().encode(JSON.stringify({ version, id: 'x', docs: 1, buckets: 1 }))
        : null;
    });
    await assert.rejects(engine.open(), (e) => e.stale === true);
    assert.deepEqual(fetched, ['search/manifest.json']);
  }
});

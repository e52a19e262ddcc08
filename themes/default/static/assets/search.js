/* yokoten search: static, dependency-free full-text search for Japanese text.
 *
 * It reads the index that src/search/ writes under <base>search/ and does what
 * src/search/query.rs does, fetch by fetch: a manifest once, then only the buckets and
 * postings of the query's terms, then the display records of the shown hits.
 * The normalisation and tokenisation below mirror src/search/normalize.rs and tokenize.rs;
 * tests/search/vectors.json proves they agree.
 */
(function (root) {
  'use strict';

  // ------------------------------------------------------------ normalisation

  var SPACE = /[\p{White_Space}\p{Cc}]/u;
  var IGNORABLE = /[\u00AD\u200B\u200C\u200D\u2060\uFEFF]/;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var MARK = /\p{M}/u;
  var JOINT = '\u0001';

  /** NFKC, per-code-point lower case, white space collapsed, invisible characters dropped. */
  function normalize(s) {
    s = String(s == null ? '' : s).normalize('NFKC');
    var out = '';
    var pending = false;
    for (var c of s) {
      if (SPACE.test(c)) { pending = out.length > 0; continue; }
      if (IGNORABLE.test(c)) continue;
      if (pending) { out += ' '; pending = false; }
      out += c.toLowerCase();
    }
    return out;
  }

  function isCjk(c) {
    var u = c.codePointAt(0);
    return (u >= 0x1100 && u <= 0x11FF) || (u >= 0x2E80 && u <= 0x2FFF) ||
      (u >= 0x3000 && u <= 0x303F) || (u >= 0x3040 && u <= 0x30FF) ||
      (u >= 0x3100 && u <= 0x31FF) || (u >= 0x3200 && u <= 0x33FF) ||
      (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) ||
      (u >= 0xA000 && u <= 0xA4CF) || (u >= 0xAC00 && u <= 0xD7AF) ||
      (u >= 0xF900 && u <= 0xFAFF) || (u >= 0xFF00 && u <= 0xFFEF) ||
      (u >= 0x20000 && u <= 0x3FFFF);
  }

  function isWordChar(c) { return ALNUM.test(c) && !isCjk(c); }

  /** Kind of each code point: 'w' word, 'c' Cjk (and punctuation), null for a space. */
  function charKinds(chars) {
    var out = [];
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      var prev = i > 0 ? out[i - 1] : null;
      out.push(c === ' ' ? null : MARK.test(c) ? (prev || 'c') : isWordChar(c) ? 'w' : 'c');
    }
    return out;
  }

  /** Runs of normalised text: [{kind, text, pos, len}], positions in code points. */
  function runs(norm) {
    var chars = Array.from(norm);
    var kinds = charKinds(chars);
    var out = [];
    var cur = null;
    for (var i = 0; i < chars.length; i++) {
      var k = kinds[i];
      if (cur && k === cur.kind) { cur.text += chars[i]; cur.len++; continue; }
      if (cur) out.push(cur);
      cur = k ? { kind: k, text: chars[i], pos: i, len: 1 } : null;
    }
    if (cur) out.push(cur);
    return out;
  }

  function tokenize(s) { return runs(normalize(s)); }

  function head(s, n) { return Array.from(s).slice(0, n).join(''); }
  function tail(s, n) { var a = Array.from(s); return a.slice(Math.max(0, a.length - n)).join(''); }

  /** Positional terms of runs: [key, pos], sorted like tokenize.rs. */
  function termsOfRuns(rs) {
    var out = [];
    rs.forEach(function (r, i) {
      if (r.kind === 'w') {
        out.push([r.text, r.pos]);
        var p = rs[i - 1];
        if (p && p.kind === 'c' && p.pos + p.len === r.pos) {
          for (var n = 1; n <= Math.min(2, p.len); n++) out.push([tail(p.text, n) + JOINT + r.text, r.pos - n]);
        }
        var x = rs[i + 1];
        if (x && x.kind === 'c' && r.pos + r.len === x.pos) {
          for (var m = 1; m <= Math.min(2, x.len); m++) out.push([r.text + JOINT + head(x.text, m), r.pos]);
        }
      } else {
        var cs = Array.from(r.text);
        for (var j = 0; j + 1 < cs.length; j++) out.push([cs[j] + cs[j + 1], r.pos + j]);
      }
    });
    out.sort(function (a, b) { return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
    return out;
  }

  function terms(s) { return termsOfRuns(tokenize(s)); }

  // ------------------------------------------------------------ bytes

  var utf8 = new TextEncoder();
  var utf8d = new TextDecoder();

  function fnv1a(s) {
    var b = utf8.encode(s);
    var h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  function Reader(b) { this.b = b; this.at = 0; }
  Reader.prototype.u8 = function () {
    if (this.at >= this.b.length) throw new Error('truncated');
    return this.b[this.at++];
  };
  Reader.prototype.varint = function () {
    var v = 0;
    for (var shift = 0; shift <= 28; shift += 7) {
      var x = this.u8();
      v += (x & 0x7f) * Math.pow(2, shift);
      if (!(x & 0x80)) return v;
    }
    throw new Error('bad varint');
  };
  Reader.prototype.bytes = function () {
    var n = this.varint();
    if (this.at + n > this.b.length) throw new Error('truncated');
    var s = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return s;
  };

  function readDocs(r, n) {
    var mode = r.u8();
    var docs = [];
    if (mode === 0) {
      var count = r.varint();
      var prev = -1;
      for (var i = 0; i < count; i++) {
        var d = prev + 1 + r.varint();
        if (d >= n) throw new Error('doc out of range');
        docs.push(d);
        prev = d;
      }
    } else if (mode === 1) {
      var len = Math.ceil(n / 8);
      if (r.at + len > r.b.length) throw new Error('truncated');
      for (var j = 0; j < len; j++) {
        var byte = r.b[r.at + j];
        if (!byte) continue;
        for (var bit = 0; bit < 8; bit++) if (byte & (1 << bit) && j * 8 + bit < n) docs.push(j * 8 + bit);
      }
      r.at += len;
    } else throw new Error('bad doc set');
    return docs;
  }

  var TF_DECODE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 32, 48, 64];
  function tfCode(tf) { for (var i = 15; i > 0; i--) if (TF_DECODE[i] <= tf) return i; return 0; }

  /** Hits: {tf: [title, meta, summary, body], part}. */
  function readHits(r) {
    var a = r.u8();
    var h = { tf: [a & 1, (a >> 1) & 1, (a >> 2) & 1, TF_DECODE[(a >> 3) & 15]], part: 0 };
    if (a & 0x80) h.part = r.varint();
    return h;
  }

  function saturate(h) {
    h.tf[0] = Math.min(h.tf[0], 1); h.tf[1] = Math.min(h.tf[1], 1); h.tf[2] = Math.min(h.tf[2], 1);
    h.tf[3] = TF_DECODE[tfCode(h.tf[3])];
    if (!h.tf[3]) h.part = 0;
    return h;
  }

  /** Doc-level posting -> [[doc, hits]]. */
  function readDocPosting(b, n) {
    var r = new Reader(b);
    var docs = readDocs(r, n);
    return docs.map(function (d) { return [d, readHits(r)]; });
  }

  /** Positional posting (one block) -> [[doc, [pos per field]]]. */
  function readPosPosting(b, n) {
    var r = new Reader(b);
    var count = r.varint();
    var out = [];
    var prev = -1;
    for (var i = 0; i < count; i++) {
      var d = prev + 1 + r.varint();
      if (d >= n) throw new Error('doc out of range');
      prev = d;
      var mask = r.u8();
      var fp = [[], [], [], []];
      for (var f = 0; f < 4; f++) {
        if (!(mask & (1 << f))) continue;
        var c = r.varint();
        var x = 0;
        for (var k = 0; k < c; k++) { x = k === 0 ? r.varint() : x + r.varint(); fp[f].push(x); }
      }
      out.push([d, fp]);
    }
    return out;
  }

  function parseBucket(b) {
    var r = new Reader(b);
    var count = r.varint();
    var map = new Map();
    for (var i = 0; i < count; i++) {
      var key = utf8d.decode(r.bytes());
      r.varint(); // df
      var flags = r.u8();
      var doc = flags & 2 ? { inline: r.bytes() } : { file: r.varint(), size: r.varint() };
      var pos = null;
      if (flags & 1) {
        if (flags & 4) pos = { inline: r.bytes(), cost: 0 };
        else {
          var nb = r.varint();
          var blocks = [];
          var d = 0;
          var id = 0;
          var cost = 0;
          for (var k = 0; k < nb; k++) {
            d += r.varint();
            var z = r.varint();
            id += z % 2 ? -(z + 1) / 2 : z / 2; // zigzag
            var len = r.varint();
            blocks.push([d, id, len]);
            cost += len;
          }
          pos = { blocks: blocks, cost: cost };
        }
      }
      map.set(key, { doc: doc, pos: pos });
    }
    return map;
  }

  // ------------------------------------------------------------ plans

  function jointKey(a, b) { return a + JOINT + b; }

  /** Candidate parts of a join: [key, offset] for every bigram and boundary joint. */
  function joinParts(rs) {
    var parts = [];
    rs.forEach(function (r, i) {
      if (r.kind === 'c') {
        var cs = Array.from(r.text);
        for (var j = 0; j + 1 < cs.length; j++) parts.push([cs[j] + cs[j + 1], r.pos + j]);
      } else {
        var p = rs[i - 1];
        if (p) { var n = Math.min(2, p.len); parts.push([jointKey(tail(p.text, n), r.text), r.pos - n]); }
        var x = rs[i + 1];
        if (x) parts.push([jointKey(r.text, head(x.text, 2)), r.pos]);
      }
    });
    return parts;
  }

  /** How a normalised word is matched: {term}, {gram, parts} or {parts}. */
  function plan(word, gmin, gmax) {
    var rs = runs(word);
    if (rs.length === 1) {
      var r = rs[0];
      if (r.kind === 'w' || r.len <= 2) return { term: r.text };
      if (r.len >= gmin && r.len <= gmax) return { gram: r.text, parts: joinParts(rs) };
      return { parts: joinParts(rs) };
    }
    if (rs.length === 2) {
      var a = rs[0], b = rs[1];
      if ((a.kind === 'w' && b.len <= 2) || (b.kind === 'w' && a.len <= 2)) return { term: jointKey(a.text, b.text) };
    }
    return { parts: joinParts(rs) };
  }

  function partLen(key) { return Array.from(key).filter(function (c) { return c !== JOINT; }).length; }

  /** Cheapest set of parts ([key, off, cost]) covering offsets 0..len, or null. */
  function cheapestCover(parts, len) {
    var best = new Array(len + 1).fill(null);
    best[0] = { cost: 0, chosen: [] };
    for (var x = 0; x < len; x++) {
      var cur = best[x];
      if (!cur) continue;
      for (var i = 0; i < parts.length; i++) {
        var s = parts[i][1], e = s + partLen(parts[i][0]);
        if (s <= x && e > x) {
          var c = cur.cost + parts[i][2];
          if (!best[e] || c < best[e].cost) best[e] = { cost: c, chosen: cur.chosen.concat([i]) };
        }
      }
    }
    return best[len] ? best[len].chosen : null;
  }

  /** Phrase occurrences from aligned positional lists [[off, [[doc, fp]]]]. */
  function align(lists) {
    var out = [];
    if (!lists.length) return out;
    var maps = lists.map(function (l) { return new Map(l[1]); });
    lists[0][1].forEach(function (entry) {
      var d = entry[0];
      for (var li = 1; li < lists.length; li++) if (!maps[li].has(d)) return;
      var h = { tf: [0, 0, 0, 0], part: 0 };
      for (var f = 0; f < 4; f++) {
        var starts = [];
        entry[1][f].forEach(function (p) { if (p >= lists[0][0]) starts.push(p - lists[0][0]); });
        for (var lj = 1; lj < lists.length; lj++) {
          var set = new Set(maps[lj].get(d)[f]);
          var off = lists[lj][0];
          starts = starts.filter(function (s) { return set.has(s + off); });
        }
        h.tf[f] = starts.length;
        if (f === 3 && starts.length) h.part = Math.floor(starts[0] / PART);
      }
      if (h.tf.some(function (t) { return t > 0; })) out.push([d, saturate(h)]);
    });
    return out;
  }
  var PART = 400;
  // The index format this script reads (src/search/manifest.rs VERSION; a unit test there
  // keeps the two equal). A browser may keep an old copy of this script after the site is
  // rebuilt with a newer format: it then asks for a reload instead of misreading the files.
  var FORMAT = 4;

  // ------------------------------------------------------------ engine

  /**
   * fetchBytes(path, range) -> Promise<Uint8Array|null>, path relative to the site root, like
   * "search/k/3.bin"; range [from, to) asks for those bytes of a pack only (an HTTP Range
   * request). It may answer with the whole file instead (a host that ignores Range): the
   * engine then keeps the file and cuts every later range from it. Every file or range is
   * fetched at most once.
   */
  function Engine(fetchBytes) {
    this.fetchBytes = fetchBytes;
    this.cache = new Map();
    this.inflight = new Map();
    this.ranges = undefined;
    this.manifest = null;
    this.meta = null;
    this.tagList = null;
  }

  Engine.prototype.get = function (path) {
    if (!this.cache.has(path)) {
      var self = this;
      var p = Promise.resolve(this.fetchBytes(path)).catch(function () { return null; });
      p.then(function (v) { if (!v) self.cache.delete(path); });
      this.cache.set(path, p);
    }
    return this.cache.get(path);
  };

  Engine.prototype.open = async function () {
    if (!this.manifest) {
      var b = await this.get('search/manifest.json');
      if (!b) throw new Error('no search index');
      var m = JSON.parse(utf8d.decode(b));
      if (m.version !== FORMAT) {
        var e = new Error('search index format ' + m.version + ', script reads ' + FORMAT);
        e.stale = true;
        throw e;
      }
      this.manifest = m;
      PART = this.manifest.part_chars || 400;
    }
    return this.manifest;
  };

  var BODY_LEN = [0, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144];

  /** A stored `value + 1` code: 0 means none (255). */
  function fromCode(c) { return c === 0 ? 255 : c - 1; }

  /** n 4-bit codes, two a byte, low nibble first, from r. */
  function nibbles(r, n) {
    var len = Math.ceil(n / 2);
    if (r.at + len > r.b.length) throw new Error('truncated');
    var out = new Uint8Array(n);
    for (var i = 0; i < n; i++) {
      var byte = r.b[r.at + (i >> 1)];
      out[i] = i & 1 ? byte >> 4 : byte & 15;
    }
    r.at += len;
    return out;
  }

  /** docs.bin: per doc category combination, population band, body length. */
  Engine.prototype.docsMeta = async function () {
    if (!this.meta) {
      var b = await this.get('search/docs.bin');
      if (!b) throw new Error('no docs.bin');
      var r = new Reader(b);
      var n = r.varint(), ncat = r.varint(), nc = r.varint();
      var combos = [];
      for (var i = 0; i < nc; i++) {
        var k = r.varint(), c = [];
        for (var j = 0; j < k; j++) c.push(r.varint());
        combos.push(c);
      }
      var m = { ncat: ncat, combos: combos, combo: new Uint32Array(n), pop: null, bodyLen: new Uint32Array(n) };
      for (var e = 0; e < n; e++) {
        var cid = r.varint();
        if (cid >= nc) throw new Error('bad combination');
        m.combo[e] = cid;
      }
      m.pop = nibbles(r, n).map(fromCode);
      var lens = nibbles(r, n);
      for (var f = 0; f < n; f++) m.bodyLen[f] = BODY_LEN[lens[f]];
      this.meta = m;
    }
    return this.meta;
  };

  /** prefs.bin: per doc prefecture id (255 = none), fetched when the panel opens. */
  Engine.prototype.prefs = async function () {
    if (!this.prefList) {
      var m = await this.open();
      var b = await this.get('search/prefs.bin');
      if (!b) return null;
      var r = new Reader(b);
      if (r.varint() !== m.docs || r.at + m.docs > b.length) return null;
      this.prefList = b.slice(r.at, r.at + m.docs).map(fromCode);
    }
    return this.prefList;
  };

  Engine.prototype.tags = async function () {
    if (!this.tagList) {
      var m = await this.open();
      var b = await this.get('search/tags.bin');
      if (!b) return [];
      var list = [];
      try {
        var r = new Reader(b);
        var count = r.varint();
        for (var i = 0; i < count; i++) list.push([utf8d.decode(r.bytes()), readDocs(r, m.docs)]);
      } catch (e) { list = []; }
      this.tagList = list;
    }
    return this.tagList;
  };

  Engine.prototype.entry = async function (key) {
    var m = await this.open();
    var b = fnv1a(key) % Math.max(1, m.buckets);
    var id = 'k#' + b + '#parsed';
    if (!this.cache.has(id)) {
      this.cache.set(id, this.numbered('k', b).then(function (bytes) {
        try { return bytes ? parseBucket(bytes) : new Map(); } catch (e) { return new Map(); }
      }));
    }
    var map = await this.cache.get(id);
    return map.get(key) || null;
  };

  /**
   * Record i of a numbered stream ("k": buckets, "d": display records): its start and end
   * are the two u32 (little endian) at 4 * i of the table "<dir>i", then the record.
   */
  Engine.prototype.numbered = async function (dir, i) {
    var t = await this.range(dir + 'i', 4 * i, 8);
    if (!t || t.length < 8) return null;
    var v = new DataView(t.buffer, t.byteOffset, 8);
    var a = v.getUint32(0, true), e = v.getUint32(4, true);
    return e >= a ? this.range(dir, a, e - a) : null;
  };

  /**
   * Bytes [from, to) of a pack file. `ranges` is what the host showed: true after a 206,
   * false after a whole file came back for a range (the host ignores Range: from then on
   * packs are fetched whole, once each, and ranges cut from them). Until it is known, a
   * second range of a pack waits for the first answer from that pack, so that a host
   * without Range does not send the same pack twice at once.
   */
  Engine.prototype.slice = function (path, from, to) {
    var self = this;
    var key = path + '#' + from + '-' + to;
    if (!this.cache.has(key)) {
      var cut = function (b) { return b && to <= b.length ? b.subarray(from, to) : null; };
      var before = this.ranges === undefined && this.inflight.get(path) || Promise.resolve();
      var p = before.then(function () {
        if (self.ranges === false || self.cache.has(path)) return self.get(path).then(cut);
        return Promise.resolve(self.fetchBytes(path, [from, to])).catch(function () { return null; }).then(function (b) {
          if (!b) return null;
          if (b.length === to - from) {
            if (self.ranges === undefined) self.ranges = true;
            return b;
          }
          self.ranges = false;
          if (!self.cache.has(path)) self.cache.set(path, Promise.resolve(b));
          return cut(b);
        });
      });
      if (this.ranges === undefined) this.inflight.set(path, p.catch(function () { return null; }));
      p.then(function (v) { if (!v) self.cache.delete(key); });
      this.cache.set(key, p);
    }
    return this.cache.get(key);
  };

  /**
   * Bytes [off, off + len) of a packed stream ("t": postings, "b": body parts): byte o is
   * in pack floor(o / pack_bytes), so a record that straddles two packs is two ranges.
   */
  Engine.prototype.range = async function (dir, off, len) {
    var size = this.manifest.pack_bytes;
    if (!(size > 0)) return null;
    var parts = [];
    for (var at = off, end = off + len; at < end;) {
      var pack = Math.floor(at / size);
      var to = Math.min(end, (pack + 1) * size);
      parts.push(this.slice('search/' + dir + '/' + pack + '.bin', at - pack * size, to - pack * size));
      at = to;
    }
    var bufs = await Promise.all(parts);
    if (bufs.some(function (b) { return !b; })) return null;
    if (bufs.length === 1) return bufs[0];
    var out = new Uint8Array(len);
    var o = 0;
    bufs.forEach(function (b) { out.set(b, o); o += b.length; });
    return out;
  };

  Engine.prototype.file = function (off, len) { return this.range('t', off, len); };

  Engine.prototype.docPosting = async function (key) {
    var e = await this.entry(key);
    if (!e) return [];
    var b = e.doc.inline || await this.file(e.doc.file, e.doc.size);
    try { return b ? readDocPosting(b, this.manifest.docs) : []; } catch (err) { return []; }
  };

  /** Docs containing one normalised word: [[doc, hits]] in doc order. */
  Engine.prototype.matchWord = async function (word) {
    var m = await this.open();
    var p = plan(word, m.grams.min_len, m.grams.max_len);
    if (p.term !== undefined) return this.docPosting(p.term);
    if (p.gram !== undefined && await this.entry(p.gram)) return this.docPosting(p.gram);
    return this.join(p.parts, Array.from(word).length);
  };

  Engine.prototype.join = async function (parts, len) {
    var self = this;
    var n = this.manifest.docs;
    var entries = await Promise.all(parts.map(function (p) { return self.entry(p[0]); }));
    if (entries.some(function (e) { return !e; })) return [];
    var costed = [], locs = [];
    parts.forEach(function (p, i) {
      if (!entries[i].pos) return;
      costed.push([p[0], p[1], entries[i].pos.cost * 64 + 1]);
      locs.push(entries[i].pos);
    });
    var chosen = cheapestCover(costed, len);
    if (!chosen) return [];
    chosen.sort(function (a, b) { return costed[a][2] - costed[b][2]; });
    var candidates = null;
    var lists = [];
    try {
      for (var ci = 0; ci < chosen.length; ci++) {
        var i = chosen[ci];
        var loc = locs[i];
        var list = [];
        if (loc.inline) list = readPosPosting(loc.inline, n);
        else {
          var need = loc.blocks.filter(function (blk, bi) {
            if (!candidates) return true;
            var end = bi + 1 < loc.blocks.length ? loc.blocks[bi + 1][0] : Infinity;
            var at = lowerBound(candidates, blk[0]);
            return at < candidates.length && candidates[at] < end;
          });
          var bufs = await Promise.all(need.map(function (blk) { return self.file(blk[1], blk[2]); }));
          for (var k = 0; k < bufs.length; k++) {
            if (!bufs[k]) return [];
            list = list.concat(readPosPosting(bufs[k], n));
          }
        }
        if (candidates) {
          var cset = new Set(candidates);
          list = list.filter(function (x) { return cset.has(x[0]); });
        }
        candidates = list.map(function (x) { return x[0]; });
        lists.push([costed[i][1], list]);
        if (!candidates.length) return [];
      }
    } catch (err) { return []; }
    return align(lists);
  };

  function lowerBound(a, v) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function hasCat(meta, c, d) { return meta.combos[meta.combo[d]].indexOf(c) >= 0; }

  function scoreKey(s) { return Math.round(s * 1e6); }

  /** BM25F with field weights, body length normalisation, title and same-field bonuses. */
  function score(m, meta, doc, hits, dfs) {
    var rk = m.ranking, n = m.docs;
    var blen = meta.bodyLen[doc];
    var norm = m.avg_body > 0 ? 1 - rk.b + rk.b * blen / m.avg_body : 1;
    var total = 0, idfSum = 0, shared = [true, true, true];
    for (var i = 0; i < hits.length; i++) {
      var h = hits[i], df = dfs[i];
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      var tf = 0;
      for (var f = 0; f < 4; f++) { var t = h.tf[f] * rk.weights[f]; tf += f === 3 ? t / norm : t; }
      total += idf * tf * (rk.k1 + 1) / (tf + rk.k1);
      if (h.tf[0] > 0) total += rk.title_bonus * idf;
      idfSum += idf;
      for (var s = 0; s < 3; s++) shared[s] = shared[s] && h.tf[s] > 0;
    }
    if (hits.length > 1 && (shared[0] || shared[1] || shared[2])) total += rk.field_phrase_bonus * idfSum;
    return total;
  }

  /**
   * Run a query {q, category:[], prefecture:[], tag:[], pop:[]}. `open` says which panels
   * loaded on demand are open: true (all), or {prefecture: bool, tag: bool}; a panel's
   * column is also loaded when its filter is set. Returns {words, ranked: [{doc, score,
   * hits}], facets: {category, prefecture, pop, tag}} (prefecture and tag null when not
   * loaded).
   */
  Engine.prototype.search = async function (query, open) {
    var m = await this.open();
    var self = this;
    var words = normalize(query.q || '').split(' ').filter(Boolean);
    var isOpen = function (key) { return open === true || !!(open && open[key]) || !!(query[key] && query[key].length); };
    var loaded = await Promise.all([
      Promise.all(words.map(function (w) { return self.matchWord(w); })),
      this.docsMeta(),
      isOpen('tag') ? this.tags() : null,
      isOpen('prefecture') ? this.prefs() : null,
    ]);
    var perWord = loaded[0], meta = loaded[1], tags = loaded[2], prefs = loaded[3];
    var n = m.docs;
    var matched;
    if (!words.length) {
      matched = [];
      for (var d = 0; d < n; d++) matched.push([d, []]);
    } else {
      var maps = perWord.map(function (l) { return new Map(l); });
      var shortest = perWord.reduce(function (a, b) { return b.length < a.length ? b : a; });
      matched = [];
      shortest.forEach(function (x) {
        var hs = [];
        for (var i = 0; i < maps.length; i++) { var h = maps[i].get(x[0]); if (!h) return; hs.push(h); }
        matched.push([x[0], hs]);
      });
    }
    var dfs = perWord.map(function (l) { return l.length; });
    var F = filters(m, meta, prefs, tags, query);
    var facets = counts(F, matched, meta, prefs, tags);
    matched = matched.filter(function (x) { return F.all(x[0]); });
    var ranked = matched.map(function (x) {
      return { doc: x[0], hits: x[1], score: score(m, meta, x[0], x[1], dfs) };
    });
    ranked.forEach(function (r) { r.key = scoreKey(r.score); });
    ranked.sort(function (a, b) { return b.key - a.key || a.doc - b.doc; });
    return { words: words, ranked: ranked, facets: facets };
  };

  function filters(m, meta, prefs, tags, q) {
    var f = m.facets;
    var idx = function (values, field, v) {
      for (var i = 0; i < values.length; i++) if (values[i][field] === v) return i;
      return -1;
    };
    var pick = function (values, field, vs) {
      return (vs || []).map(function (v) { return idx(values, field, v); })
        .map(function (i) { return i < 0 ? 254 : i; }); // unknown values match nothing
    };
    var cat = pick(f.category.values, 'name', q.category);
    var pref = pick(f.prefecture.values, 'name', q.prefecture);
    var pop = pick(f.pop.values, 'key', q.pop);
    var tagSet = null;
    if (q.tag && q.tag.length) {
      tagSet = new Set();
      (tags || []).forEach(function (t) {
        if (q.tag.indexOf(t[0]) >= 0) t[1].forEach(function (d) { tagSet.add(d); });
      });
    }
    var F = {
      cat: function (d) { return !cat.length || cat.some(function (c) { return hasCat(meta, c, d); }); },
      pref: function (d) { return !pref.length || (!!prefs && pref.indexOf(prefs[d]) >= 0); },
      pop: function (d) { return !pop.length || pop.indexOf(meta.pop[d]) >= 0; },
      tag: function (d) { return !tagSet || tagSet.has(d); },
    };
    F.all = function (d) { return F.cat(d) && F.pref(d) && F.pop(d) && F.tag(d); };
    return F;
  }

  /** Disjunctive counts: each value's count is the number of results choosing it gives. */
  function counts(F, matched, meta, prefs, tags) {
    var out = { category: new Array(meta.ncat).fill(0), prefecture: prefs ? new Array(256).fill(0) : null, pop: new Array(256).fill(0), tag: null };
    var tagBase = new Set();
    matched.forEach(function (x) {
      var d = x[0];
      var c = F.cat(d), p = F.pref(d), o = F.pop(d), t = F.tag(d);
      if (p && o && t) meta.combos[meta.combo[d]].forEach(function (ci) { out.category[ci]++; });
      if (c && o && t && prefs) out.prefecture[prefs[d]]++;
      if (c && p && t) out.pop[meta.pop[d]]++;
      if (c && p && o) tagBase.add(d);
    });
    if (tags) {
      out.tag = tags.map(function (t) {
        var k = 0;
        t[1].forEach(function (d) { if (tagBase.has(d)) k++; });
        return [t[0], k];
      });
    }
    return out;
  }

  /** The body part a snippet is cut from, or -1 when the summary shows a match. */
  function snippetPart(hits) {
    if (!hits.length || hits.some(function (h) { return h.tf[2] > 0; })) return -1;
    for (var i = 0; i < hits.length; i++) if (hits[i].tf[3] > 0) return hits[i].part;
    return -1;
  }

  /** Display record of a doc: record doc of the search/d/ packs. */
  Engine.prototype.display = async function (doc) {
    var id = 'd#' + doc + '#parsed';
    if (!this.cache.has(id)) {
      this.cache.set(id, this.numbered('d', doc).then(function (b) {
        try { return b ? JSON.parse(utf8d.decode(b)) : null; } catch (e) { return null; }
      }));
    }
    var rec = await this.cache.get(id);
    if (!rec) this.cache.delete(id);
    return rec;
  };

  /** Body part k of a doc: the record's b is [offset of part 0, length of each part]. */
  Engine.prototype.bodyPart = async function (doc, k) {
    var rec = await this.display(doc);
    var at = rec && Array.isArray(rec.b) ? rec.b : [];
    if (k + 1 >= at.length) return '';
    var off = at[0];
    for (var i = 1; i <= k; i++) off += at[i];
    var b = await this.range('b', off, at[k + 1]);
    return b ? utf8d.decode(b) : '';
  };

  // ------------------------------------------------------------ snippets

  var ATTACHED = /[\p{M}\u3099-\u309C\uFF9E\uFF9F\u1160-\u11FF]/u;

  /** Normalised text of raw text, with the raw code point index of each normalised one. */
  function normMap(raw) {
    var chars = Array.from(raw);
    var norm = [], map = [];
    var pending = -1;
    for (var i = 0; i < chars.length;) {
      var j = i + 1;
      while (j < chars.length && ATTACHED.test(chars[j])) j++;
      var seg = chars.slice(i, j).join('').normalize('NFKC');
      for (var c of seg) {
        if (SPACE.test(c)) { if (norm.length && pending < 0) pending = i; continue; }
        if (IGNORABLE.test(c)) continue;
        if (pending >= 0) { norm.push(' '); map.push(pending); pending = -1; }
        for (var l of c.toLowerCase()) { norm.push(l); map.push(i); }
      }
      i = j;
    }
    return { chars: chars, norm: norm, map: map };
  }

  /** Raw [start, end) code point ranges where words occur, sorted and merged. */
  function matchRanges(nm, words) {
    var text = nm.norm.join('');
    var idx = [];
    var off = 0;
    nm.norm.forEach(function (c) { idx.push(off); off += c.length; });
    var ranges = [];
    words.forEach(function (w) {
      if (!w) return;
      var wl = Array.from(w).length;
      var from = 0, at;
      while ((at = text.indexOf(w, from)) >= 0) {
        var ci = lowerBound(idx, at);
        var s = nm.map[ci], e = ci + wl < nm.map.length ? nm.map[ci + wl] : nm.chars.length;
        if (e > s) ranges.push([s, e]);
        from = at + w.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  /**
   * Pieces of a snippet: [[text, highlighted]], cut around the first match (at most
   * `width` code points), with ellipses where the text was cut.
   */
  function snippet(raw, words, width) {
    var nm = normMap(raw || '');
    var ranges = matchRanges(nm, words);
    var n = nm.chars.length;
    width = width || 110;
    var start = 0;
    if (ranges.length && n > width) start = Math.max(0, Math.min(ranges[0][0] - 30, n - width));
    var end = Math.min(n, start + width);
    var pieces = [];
    var pos = start;
    if (start > 0) pieces.push(['…', false]);
    ranges.forEach(function (r) {
      var s = Math.max(r[0], start), e = Math.min(r[1], end);
      if (e <= s) return;
      if (s > pos) pieces.push([nm.chars.slice(pos, s).join(''), false]);
      pieces.push([nm.chars.slice(s, e).join(''), true]);
      pos = e;
    });
    if (pos < end) pieces.push([nm.chars.slice(pos, end).join(''), false]);
    if (end < n) pieces.push(['…', false]);
    return pieces;
  }

  var api = {
    normalize: normalize, tokenize: tokenize, runs: runs, terms: terms, fnv1a: fnv1a,
    plan: plan, cheapestCover: cheapestCover, snippet: snippet, snippetPart: snippetPart,
    Engine: Engine, scoreKey: scoreKey, FORMAT: FORMAT,
  };

  // ------------------------------------------------------------ page

  var PAGE = 10;

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  function pieces(list) {
    var f = document.createDocumentFragment();
    list.forEach(function (p) { f.appendChild(p[1] ? el('mark', { text: p[0] }) : document.createTextNode(p[0])); });
    return f;
  }

  var FACETS = [['category', '分野'], ['prefecture', '都道府県'], ['pop', '人口規模'], ['tag', 'タグ']];

  function readState() {
    var p = new URLSearchParams(location.search);
    var s = { q: p.get('q') || '' };
    FACETS.forEach(function (f) { s[f[0]] = p.getAll(f[0]).filter(Boolean); });
    return s;
  }

  function stateUrl(s) {
    var p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    FACETS.forEach(function (f) { s[f[0]].forEach(function (v) { p.append(f[0], v); }); });
    var qs = p.toString();
    return location.pathname + (qs ? '?' + qs : '') + location.hash;
  }

  function start(app) {
    var base = app.getAttribute('data-base') || '/';
    if (base.slice(-1) !== '/') base += '/';
    var input = app.querySelector('input[name="q"]');
    var list = document.getElementById('search-results');
    var count = document.getElementById('search-count');
    var status = document.getElementById('search-status');
    var facetBox = document.getElementById('search-facets');
    var more = document.getElementById('search-more');
    var fallback = document.getElementById('search-fallback');
    if (!input || !list || !count) return;
    if (fallback) fallback.hidden = true;
    app.classList.add('search-ready');

    var version = '';
    var engine = new Engine(function (path, range) {
      var url = base + path + (version && path !== 'search/manifest.json' ? '?v=' + version : '');
      var init = path === 'search/manifest.json' ? { cache: 'no-cache' } : {};
      // A pack: ask for the record's bytes only. A 206 is those bytes; a 200 (a host that
      // ignores Range) is the whole pack, which the engine keeps and cuts later ranges from.
      if (range) init.headers = { Range: 'bytes=' + range[0] + '-' + (range[1] - 1) };
      return fetch(url, init).then(function (r) {
        return r.ok ? r.arrayBuffer().then(function (a) { return new Uint8Array(a); }) : null;
      });
    });
    var state = readState();
    var seq = 0;
    var shown = 0;
    var last = null;
    // Panels whose column is fetched only when opened (or when their filter is in the URL):
    // at 100,000 cases the prefecture column alone is 69 KB gzip, 30% of what a first search
    // fetched before.
    var LAZY = { prefecture: '都道府県で絞り込む', tag: 'タグで絞り込む' };
    var opened = { prefecture: false, tag: false };
    function openFiltered() {
      Object.keys(LAZY).forEach(function (k) { if (state[k].length) opened[k] = true; });
    }
    openFiltered();

    function setStatus(text) { if (status) status.textContent = text; }

    async function run(push) {
      var my = ++seq;
      var url = stateUrl(state);
      if (push === 'push' && url !== location.pathname + location.search + location.hash) history.pushState(null, '', url);
      else if (push === 'replace') history.replaceState(null, '', url);
      app.setAttribute('aria-busy', 'true');
      try {
        var m = await engine.open();
        version = m.id;
        var r = await engine.search(state, opened);
        if (my !== seq) return;
        last = r;
        shown = 0;
        list.textContent = '';
        renderFacets(m, r);
        await showMore(my);
        if (my !== seq) return;
        count.textContent = r.ranked.length + '件';
        app.setAttribute('data-rendered', stateUrl(state)); // lets tests wait for this state
        setStatus(r.ranked.length ? r.ranked.length + '件の事例が見つかりました。' :
          '該当する事例は見つかりませんでした。言葉を短くするか、絞り込みを外してみてください。');
      } catch (e) {
        if (my !== seq) return;
        count.textContent = '';
        setStatus(e && e.stale ? 'サイトが更新されました。ページを再読み込みしてから、もう一度検索してください。' :
          '検索インデックスを読み込めませんでした。');
        if (fallback) fallback.hidden = false;
      } finally {
        if (my === seq) app.removeAttribute('aria-busy');
      }
    }

    async function showMore(my) {
      var r = last;
      var slice = r.ranked.slice(shown, shown + PAGE);
      var items = await Promise.all(slice.map(async function (s) {
        var part = snippetPart(s.hits);
        var got = await Promise.all([engine.display(s.doc), part >= 0 ? engine.bodyPart(s.doc, part) : '']);
        return [s, got[0], got[1]];
      }));
      if (my !== seq) return;
      items.forEach(function (it) {
        var d = it[1];
        if (!d) return;
        var snip = it[2] ? snippet(it[2], r.words) : snippet(d.s, r.words);
        var meta = [d.m, d.p].filter(Boolean).join('・');
        list.appendChild(el('li', { class: 'search-hit' }, [
          el('a', { href: base + d.u }, [pieces(snippet(d.t, r.words, 1000))]),
          el('p', { class: 'search-hit-meta' }, [meta, meta ? ' ' : '', el('time', { datetime: d.d, text: d.d })]),
          el('p', { class: 'search-hit-snippet' }, [pieces(snip)]),
        ]));
      });
      shown += slice.length;
      if (more) {
        more.hidden = shown >= r.ranked.length;
        more.textContent = 'さらに表示（残り' + (r.ranked.length - shown) + '件）';
      }
    }

    function facetValues(m, r, key) {
      if (!r.facets[key]) return [];
      if (key === 'tag') {
        var tv = r.facets.tag.map(function (t) { return { value: t[0], label: t[0], count: t[1] }; })
          .filter(function (t) { return t.count > 0 || state.tag.indexOf(t.value) >= 0; });
        tv.sort(function (a, b) { return b.count - a.count; });
        return tv.slice(0, 40);
      }
      var field = key === 'pop' ? 'key' : 'name';
      return m.facets[key].values.map(function (v, i) {
        return { value: v[field], label: v.name, count: r.facets[key][i] };
      }).filter(function (v) {
        return key !== 'prefecture' || v.count > 0 || state.prefecture.indexOf(v.value) >= 0;
      });
    }

    // Facet controls are kept and updated in place (not rebuilt), so a checkbox being
    // clicked, or holding the keyboard focus, stays the same element.
    var facetRows = {};
    function renderFacets(m, r) {
      if (!facetBox) return;
      FACETS.forEach(function (f) {
        var key = f[0];
        var fs = facetBox.querySelector('fieldset[data-facet="' + key + '"]');
        if (!fs) {
          fs = el('fieldset', { class: 'search-facet', 'data-facet': key }, [el('legend', { text: f[1] })]);
          facetBox.appendChild(fs);
          facetRows[key] = new Map();
        }
        var openBtn = fs.querySelector('.search-facet-open');
        if (LAZY[key] && opened[key] && openBtn) openBtn.remove();
        if (LAZY[key] && !opened[key] && !openBtn) {
          openBtn = el('button', { type: 'button', class: 'search-facet-open', text: LAZY[key] });
          openBtn.addEventListener('click', function () { opened[key] = true; run(null); });
          fs.appendChild(openBtn);
        }
        var rows = facetRows[key];
        var wanted = facetValues(m, r, key);
        var keep = new Set(wanted.map(function (v) { return v.value; }));
        rows.forEach(function (row, value) { if (!keep.has(value)) { row.el.remove(); rows.delete(value); } });
        var prev = null;
        wanted.forEach(function (v) {
          var row = rows.get(v.value);
          if (!row) {
            var id = 'facet-' + key + '-' + (++facetSeq);
            var box = el('input', { type: 'checkbox', id: id, name: key, value: v.value });
            box.addEventListener('change', function () {
              var vals = state[key].filter(function (x) { return x !== v.value; });
              if (box.checked) vals.push(v.value);
              state[key] = vals;
              run('push');
            });
            var countEl = el('span', { class: 'search-facet-count' });
            row = { box: box, count: countEl, el: el('div', { class: 'search-facet-value' }, [box, el('label', { for: id }, [v.label, ' ', countEl])]) };
            rows.set(v.value, row);
          }
          row.box.checked = state[key].indexOf(v.value) >= 0;
          row.box.disabled = !v.count && !row.box.checked;
          row.count.textContent = '(' + v.count + ')';
          var after = prev ? prev.el.nextSibling : fs.querySelector('legend').nextSibling;
          if (row.el !== after) fs.insertBefore(row.el, after);
          prev = row;
        });
      });
    }
    var facetSeq = 0;

    // Every search box on the page drives the search (a site header may have one too, and
    // it may come first in the document), and they show the same text.
    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="q"]'));
    if (boxes.indexOf(input) < 0) boxes.push(input);
    var timer = 0;
    function typed(box) {
      boxes.forEach(function (b) { if (b !== box) b.value = box.value; });
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = box.value; run('replace'); }, 120);
    }
    boxes.forEach(function (box) {
      box.addEventListener('input', function (e) {
        if (!e.isComposing) typed(box); // during IME composition, wait for compositionend
      });
      box.addEventListener('compositionend', function () { typed(box); });
      if (box.form) {
        box.form.addEventListener('submit', function (e) {
          e.preventDefault();
          clearTimeout(timer);
          boxes.forEach(function (b) { if (b !== box) b.value = box.value; });
          state.q = box.value;
          run('push');
        });
      }
    });
    if (more) more.addEventListener('click', function () { showMore(seq); });
    window.addEventListener('popstate', function () {
      state = readState();
      boxes.forEach(function (b) { b.value = state.q; });
      openFiltered();
      run(null);
    });
    boxes.forEach(function (b) { b.value = state.q; });
    run(null);
  }

  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.YokotenSearch = api;

  if (typeof document !== 'undefined') {
    var boot = function () {
      var app = document.getElementById('search-app');
      if (app) start(app);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
    else boot();
  }
})(typeof self !== 'undefined' ? self : this);

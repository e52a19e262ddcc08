'use strict';
// A tiny static server for the browser tests: serves DIR under a base path on 127.0.0.1,
// gzip-encodes like a static host, answers Range requests (206, not compressed, as most
// hosts do) unless `ranges` is false, and logs the bytes it sends.
// Standalone: node server.js DIR [/dx/] [PORT]
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.bin': 'application/octet-stream',
  '.css': 'text/css', '.svg': 'image/svg+xml',
};

function serve(dir, base = '/dx/', port = 0, ranges = true) {
  const log = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(base)) { res.writeHead(404); res.end(); return; }
    rel = rel.slice(base.length);
    let file = path.join(dir, rel);
    if (!file.startsWith(path.resolve(dir))) { res.writeHead(403); res.end(); return; }
    try { if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html'); } catch { /* 404 below */ }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); log.push({ path: rel, bytes: 9, status: 404 }); return; }
      const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
      const range = ranges && /^bytes=(\d+)-(\d+)$/.exec(req.headers.range || '');
      if (range) {
        const [a, b] = [Number(range[1]), Number(range[2])];
        if (a > b || a >= data.length) {
          res.writeHead(416, { 'Content-Range': `bytes */${data.length}` });
          res.end();
          log.push({ path: rel, bytes: 0, status: 416 });
          return;
        }
        const part = data.subarray(a, Math.min(b, data.length - 1) + 1);
        headers['Content-Range'] = `bytes ${a}-${a + part.length - 1}/${data.length}`;
        headers['Content-Length'] = part.length;
        res.writeHead(206, headers);
        res.end(part);
        log.push({ path: rel, bytes: part.length, status: 206 });
        return;
      }
      if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        data = zlib.gzipSync(data, { level: 6 });
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = data.length;
      res.writeHead(200, headers);
      res.end(data);
      log.push({ path: rel, bytes: data.length, status: 200 });
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({ origin: `http://127.0.0.1:${p}`, base, log, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

module.exports = { serve };

if (require.main === module) {
  const [dir, base = '/dx/', port = '8080'] = process.argv.slice(2);
  serve(path.resolve(dir), base, Number(port)).then((s) => console.log(`serving ${dir} at ${s.origin}${base}`));
}

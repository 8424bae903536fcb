// Post-link step of the page (web/CMakeLists.txt): stores the wasm inside the single-file page gzip-compressed.
// Usage: node web/pack/pack.mjs PAGE.html --strings assets/strings.json [--zopfli PATH] [--out OUT.html]
//        (default: in place)
//
// emscripten's -sSINGLE_FILE=1 writes the wasm as wasmBinaryFile="data:application/octet-stream;base64,<wasm>".
// This replaces <wasm> with base64(gzip -9 (wasm)), which web/pack/inflate.js (the --pre-js) inflates with
// DecompressionStream, and fills the pre-js's '@CONTEXTFIT_NO_DECOMPRESSION@' with the web_no_decompression
// texts of assets/strings.json. The MIME type stays application/octet-stream: emscripten's isDataURI() tests
// that prefix, and a page it does not recognise as inline would look for a file next to itself.
// --zopfli: compress with the zopfli program (Debian package zopfli; same gzip format, found by web/CMakeLists.txt)
// instead of node's zlib: 6 % smaller (wasm 248,868 -> 233,682 bytes) for 1.4 s more per link.
// Output is deterministic (gzip header: mtime 0). Exits 1 with a message on anything unexpected.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync, constants as zlib } from 'node:zlib';

const prefix = 'data:application/octet-stream;base64,';
const marker = /(['"])@CONTEXTFIT_NO_DECOMPRESSION@\1/g;

function fail(message) {
  console.error(`pack.mjs: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { page: null, out: null, strings: null, zopfli: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--strings' || a === '--zopfli') {
      if (i + 1 >= argv.length) fail(`${a} needs a file name`);
      opts[a.slice(2)] = argv[++i];
    } else if (!a.startsWith('--') && opts.page === null) {
      opts.page = a;
    } else {
      fail(`unexpected argument '${a}'; usage: pack.mjs PAGE.html --strings strings.json [--zopfli PATH] [--out OUT.html]`);
    }
  }
  if (opts.page === null || opts.strings === null) fail('usage: pack.mjs PAGE.html --strings strings.json [--zopfli PATH] [--out OUT.html]');
  opts.out ??= opts.page;
  return opts;
}

function noDecompressionTexts(path) {
  let strings;
  try { strings = JSON.parse(readFileSync(path, 'utf8')); } catch (e) { fail(`cannot read ${path}: ${e.message}`); }
  const texts = {};
  for (const lang of ['en', 'ru']) {
    const t = strings?.[lang]?.web_no_decompression;
    if (typeof t !== 'string' || t === '') fail(`${path}: ${lang}.web_no_decompression is missing or not a string`);
    texts[lang] = t;
  }
  return texts;
}

const opts = parseArgs(process.argv.slice(2));
const html = readFileSync(opts.page, 'utf8');

// The glue also holds the bare prefix (emscripten's dataURIPrefix); the wasm is the one URL with a payload.
const urls = [];
for (let at = html.indexOf(prefix); at >= 0; at = html.indexOf(prefix, at + 1)) {
  const run = /[A-Za-z0-9+/=]*/y;
  run.lastIndex = at + prefix.length;
  const end = at + prefix.length + run.exec(html)[0].length;
  if (end > at + prefix.length) urls.push([at + prefix.length, end]);
}
if (urls.length !== 1) fail(`${opts.page}: ${urls.length} '${prefix}' URLs with data, expected 1 (the wasm; link with -sSINGLE_FILE=1)`);
const [b64Start, b64End] = urls[0];
const wasm = Buffer.from(html.slice(b64Start, b64End), 'base64');
if (wasm.length < 8 || wasm.readUInt32BE(0) !== 0x0061736d) {
  const head = wasm.subarray(0, 4).toString('hex');
  fail(`${opts.page}: the data URL holds ${wasm.length} bytes starting ${head}, not a wasm module (00 61 73 6d)` +
       (head.startsWith('1f8b') ? '; it is packed already' : ''));
}

const markers = html.match(marker)?.length ?? 0;
if (markers !== 1) fail(`${opts.page}: found ${markers} '@CONTEXTFIT_NO_DECOMPRESSION@' markers, expected 1 (from web/pack/inflate.js)`);

function zopfli(program, bytes) {
  const tmp = `${opts.out}.wasm`;
  writeFileSync(tmp, bytes);
  try {
    return execFileSync(program, ['-c', tmp], { maxBuffer: 64 << 20 });
  } catch (e) {
    fail(`${program} -c ${tmp} failed: ${e.message}`);
  } finally {
    rmSync(tmp, { force: true });
  }
}
const gz = opts.zopfli ? zopfli(opts.zopfli, wasm) : gzipSync(wasm, { level: zlib.Z_BEST_COMPRESSION, memLevel: 9 });
if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b) fail(`the compressor gave ${gz.length} bytes that are not gzip`);
const texts = JSON.stringify(noDecompressionTexts(opts.strings));
const out = (html.slice(0, b64Start) + gz.toString('base64') + html.slice(b64End)).replace(marker, () => texts);
writeFileSync(opts.out, out);
console.log(`pack.mjs: wasm ${wasm.length} -> ${gz.length} bytes gzip (${opts.zopfli ? 'zopfli' : 'zlib -9'}); page ${Buffer.byteLength(html)} -> ${Buffer.byteLength(out)} bytes`);

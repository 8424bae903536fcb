// Post-link step of the page (web/CMakeLists.txt): stores the wasm inside the single-file page LZMA-compressed.
// Usage: node web/pack/pack.mjs PAGE.html --strings assets/strings.json --decoder lzma_dec.wasm [--out OUT.html]
//        (default: in place)
//
// emscripten's -sSINGLE_FILE=1 writes the wasm as wasmBinaryFile="data:application/octet-stream;base64,<wasm>".
// This replaces <wasm> with base64 of the wasm compressed by `xz --format=lzma` (LZMA1, .lzma "alone" file),
// which web/pack/unpack.js (a --pre-js, with web/pack/lzma.js) decodes, and fills the pre-js's markers:
// '@CONTEXTFIT_START_FAILED@' with the web_start_failed texts of assets/strings.json, and
// '@CONTEXTFIT_LZMA_DECODER@' with base64 of the decoder module (web/pack/lzma_dec.c, built by web/CMakeLists.txt).
// The MIME type stays application/octet-stream: emscripten's isDataURI() tests that prefix, and a page it does
// not recognise as inline would look for a file next to itself.
// Output is deterministic (xz writes no time stamp in .lzma). Exits 1 with a message on anything unexpected.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

import { xzArgs } from './xz-args.mjs';

const prefix = 'data:application/octet-stream;base64,';
const marker = /(['"])@CONTEXTFIT_START_FAILED@\1/g;
const decoderMarker = /(['"])@CONTEXTFIT_LZMA_DECODER@\1/g;

function fail(message) {
  console.error(`pack.mjs: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const usage = 'usage: pack.mjs PAGE.html --strings strings.json --decoder lzma_dec.wasm [--out OUT.html]';
  const opts = { page: null, out: null, strings: null, decoder: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--strings' || a === '--decoder') {
      if (i + 1 >= argv.length) fail(`${a} needs a file name`);
      opts[a.slice(2)] = argv[++i];
    } else if (!a.startsWith('--') && opts.page === null) {
      opts.page = a;
    } else {
      fail(`unexpected argument '${a}'; ${usage}`);
    }
  }
  if (opts.page === null || opts.strings === null || opts.decoder === null) fail(usage);
  opts.out ??= opts.page;
  return opts;
}

function startFailedTexts(path) {
  let strings;
  try { strings = JSON.parse(readFileSync(path, 'utf8')); } catch (e) { fail(`cannot read ${path}: ${e.message}`); }
  const texts = {};
  for (const lang of ['en', 'ru']) {
    const t = strings?.[lang]?.web_start_failed;
    if (typeof t !== 'string' || !t.includes('{message}')) fail(`${path}: ${lang}.web_start_failed is missing or has no {message}`);
    texts[lang] = t;
  }
  return texts;
}

function lzma(bytes) {
  try {
    return execFileSync('xz', xzArgs, { input: bytes, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT') fail('the xz program is not installed; install the Debian package xz-utils (scripts/setup --web does)');
    fail(`xz ${xzArgs.join(' ')} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
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
  fail(`${opts.page}: the data URL holds ${wasm.length} bytes starting ${wasm.subarray(0, 4).toString('hex')}, ` +
       'not a wasm module (00 61 73 6d); is it packed already?');
}

const markers = html.match(marker)?.length ?? 0;
if (markers !== 1) fail(`${opts.page}: found ${markers} '@CONTEXTFIT_START_FAILED@' markers, expected 1 (from web/pack/unpack.js)`);

const packed = lzma(wasm);
// .lzma header: properties byte (pb * 5 + lp) * 9 + lc = 4 for lc=4, lp=0, pb=0; then 4 bytes of dictionary size
// and 8 of size, unknown (all 0xFF) as xz writes it. unpack.js tells a raw wasm by its first byte, 0.
if (packed.length < 18 || packed[0] !== 4 || packed.readBigUInt64LE(5) !== 0xffffffffffffffffn) {
  fail(`xz gave ${packed.length} bytes that do not start with the expected .lzma header (04, dictionary, size FF x 8)`);
}
// The shell's whole-line // comments (shell.html explains itself to its readers, not to browsers): emcc
// strips the glue's and the pre-js's comments but copies the shell as it is. Only lines inside <script>
// elements that hold nothing but a comment go; the shell has no template literals, so no such line is data.
function dropScriptCommentLines(text) {
  let inScript = false;
  return text.split('\n').filter((line) => {
    const keep = !(inScript && /^\s*\/\/[^\n]*$/.test(line));
    for (const tag of line.matchAll(/<(\/?)script\b/gi)) inScript = tag[1] === '';
    return keep;
  }).join('\n');
}

const decoderMarkers = html.match(decoderMarker)?.length ?? 0;
if (decoderMarkers !== 1) fail(`${opts.page}: found ${decoderMarkers} '@CONTEXTFIT_LZMA_DECODER@' markers, expected 1 (from web/pack/unpack.js)`);
let decoder;
try { decoder = readFileSync(opts.decoder); } catch (e) { fail(`cannot read the decoder ${opts.decoder}: ${e.message}`); }
if (decoder.length < 8 || decoder.readUInt32BE(0) !== 0x0061736d) fail(`${opts.decoder} is not a wasm module`);

const texts = JSON.stringify(startFailedTexts(opts.strings));
const out = dropScriptCommentLines(html.slice(0, b64Start) + packed.toString('base64') + html.slice(b64End))
  .replace(marker, () => texts)
  .replace(decoderMarker, () => JSON.stringify(decoder.toString('base64')));
writeFileSync(opts.out, out);
console.log(`pack.mjs: wasm ${wasm.length} -> ${packed.length} bytes (xz ${xzArgs[1]}); page ${Buffer.byteLength(html)} -> ${Buffer.byteLength(out)} bytes`);

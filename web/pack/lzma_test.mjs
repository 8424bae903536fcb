// Tests of the page's LZMA decoder (web/pack/lzma.js over the wasm module of web/pack/lzma_dec.c, taken from
// the built page, so what ships is what is tested) against a second implementation, xz (Debian xz-utils): inputs compressed by
// `xz --format=lzma` with several presets and lc/lp/pb settings must decode to the same bytes; corrupt inputs
// must throw an Error that names the fault. Streams xz cannot write (lc = 8, a match reaching before the start)
// are made by a small range encoder below, with outputs worked out by hand.
// Every decode gets an output cap of a few times its expected size, so a corrupt input cannot run long: the
// decoder writes at least one byte per step and stops at the cap.
// Usage: node web/pack/lzma_test.mjs [path/to/contextfit.html]   (default: dist/contextfit.html, from
//        scripts/build-web). Ends with "N passed, N failed"; exit code 1 on any failure or without a built page.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pagePath = resolve(process.argv[2] ?? `${repo}/dist/contextfit.html`);
const page = existsSync(pagePath) ? readFileSync(pagePath, 'latin1') : '';
// The decoder module pack.mjs put into the page: the one base64 string there that starts with the wasm magic.
const decoderBase64 = /["'](AGFzbQ[A-Za-z0-9+/=]*)["']/.exec(page)?.[1];
if (!decoderBase64) {
  console.log(`FAIL no packed page with its LZMA decoder at ${pagePath}: run scripts/build-web\n0 passed, 1 failed`);
  process.exit(1);
}
const decoder = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(decoderBase64, 'base64'))).exports;
// The page's script defines lzmaDecode at top level; here it is loaded the same way, from the same file.
const decodeWith = new Function(`${readFileSync(`${repo}/web/pack/lzma.js`, 'utf8')}\nreturn lzmaDecode;`)();
const lzmaDecode = (src, cap) => decodeWith(decoder, src, cap);

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}
function decodes(name, packed, expected, cap = expected.length * 2 + 1024) {
  let got, error;
  try { got = lzmaDecode(new Uint8Array(packed), cap); } catch (e) { error = e; }
  if (error) return check(name, false, `threw: ${error.message}`);
  const same = got.length === expected.length && Buffer.compare(Buffer.from(got), Buffer.from(expected)) === 0;
  check(name, same, same ? '' : `got ${got.length} bytes, expected ${expected.length}`);
}
function throws(name, packed, pattern, cap = 1 << 20) {
  try {
    const got = lzmaDecode(new Uint8Array(packed), cap);
    check(name, false, `returned ${got.length} bytes, expected an error matching ${pattern}`);
  } catch (e) {
    check(name, e instanceof Error && pattern.test(e.message), e.message);
  }
}
function xz(input, args) {
  return execFileSync('xz', ['--format=lzma', ...args, '--stdout'], { input, maxBuffer: 64 << 20 });
}
function withSize(packed, size) {  // the header's 64-bit size field (bytes 5-12) set to a known size
  const copy = Buffer.from(packed);
  copy.writeBigUInt64LE(BigInt(size), 5);
  return copy;
}

// Inputs. The random bytes come from a fixed xorshift32 sequence, so every run tests the same data.
function randomBytes(n, seed) {
  const out = Buffer.alloc(n);
  for (let i = 0, x = seed; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; out[i] = x & 0xff; }
  return out;
}
const runs = Buffer.concat([Buffer.alloc(300000, 'a'), Buffer.alloc(1, 'b'), Buffer.alloc(200000, 0),
                            Buffer.from('ab'.repeat(50000))]);
const text = Buffer.concat([readFileSync(`${repo}/docs/web-toolchain.md`), readFileSync(`${repo}/assets/strings.json`)]);
const inputs = [
  ['empty', Buffer.alloc(0)],
  ['1 byte', Buffer.from([0x2a])],
  ['100 KB random', randomBytes(100000, 0x12345678)],
  ['long runs', runs],
  ['text (docs, en+ru strings)', text],
];
const settings = [
  ['-0'], ['-6'], ['-9e'],
  ['--lzma1=preset=9e,lc=4,lp=0,pb=0'], ['--lzma1=preset=6,lc=0,lp=0,pb=0'], ['--lzma1=preset=6,lc=0,lp=4,pb=4'],
  ['--lzma1=preset=6,lc=1,lp=3,pb=1'], ['--lzma1=preset=1,mode=fast,lc=2,lp=2,pb=3'],
  ['--lzma1=preset=6,dict=4KiB,lc=3,lp=0,pb=2'],
];

// 1. xz's output, as written (size unknown, end marker).
for (const [name, input] of inputs) {
  for (const args of settings) decodes(`${name}, xz ${args.join(' ')}`, xz(input, args), input);
}

// 2. Known size in the header: the decoder stops there (xz's end marker after it is not read). A smaller size
// gives the input's prefix, or an error when a match runs across it (as the spec's reference decoder does).
for (const [name, input] of inputs) {
  const packed = xz(input, ['-6']);
  decodes(`${name}, size ${input.length} in the header`, withSize(packed, input.length), input);
  if (input.length > 10) {
    const half = input.length >> 1;
    let got;
    try { got = lzmaDecode(new Uint8Array(withSize(packed, half)), input.length); } catch (e) { got = e; }
    check(`${name}, size ${half} in the header: the first ${half} bytes, or a match running past them`,
          got instanceof Error ? new RegExp(`runs past the ${half} bytes in the header`).test(got.message)
                               : Buffer.compare(Buffer.from(got), input.subarray(0, half)) === 0,
          got instanceof Error ? got.message : `${got.length} bytes`);
  }
}

// 3. The page's wasm: the decoder against `xz -d` on the payload pack.mjs wrote.
const payload = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(page)?.[1];
if (!payload) {
  console.log(`SKIP the page's wasm: ${pagePath ?? 'no page built'} ${pagePath ? 'has no packed wasm' : ''}`);
} else {
  const packed = Buffer.from(payload, 'base64');
  const wasm = execFileSync('xz', ['--format=lzma', '--decompress', '--stdout'], { input: packed, maxBuffer: 64 << 20 });
  check('the page holds an LZMA-packed wasm (xz -d gives 00 61 73 6d)', wasm.readUInt32BE(0) === 0x0061736d);
  let got;
  const start = performance.now();
  try { got = lzmaDecode(new Uint8Array(packed), 16 << 20); } catch (e) { got = e; }
  const ms = performance.now() - start;
  check(`the page's wasm (${packed.length} -> ${wasm.length} bytes) decodes as xz -d does`,
        got instanceof Uint8Array && Buffer.compare(Buffer.from(got), wasm) === 0,
        `${ms.toFixed(1)} ms, first decode in this process`);
  // Flipped bytes: an Error or some output, never a hang (capped at twice the wasm).
  let errors = 0;
  for (const at of [13, 14, 20, 1000, 50000, packed.length >> 1, packed.length - 20, packed.length - 1]) {
    const bad = Buffer.from(packed);
    bad[at] ^= 0x55;
    try { if (Buffer.compare(Buffer.from(lzmaDecode(new Uint8Array(bad), wasm.length * 2)), wasm) !== 0) errors++; }
    catch (e) { if (e instanceof Error && /^LZMA /.test(e.message)) errors++; }
  }
  check('8 payloads with one flipped byte each: each throws an LZMA error or decodes to other bytes', errors === 8,
        `${errors} of 8`);
}

// 4. Corrupt input from xz's output.
const sample = xz(text, ['-6']);
throws('header only (13 bytes)', sample.subarray(0, 13), /shorter than the 13-byte header/);
throws('header and 4 of the 5 range coder start bytes', sample.subarray(0, 17), /shorter than the 13-byte header/);
for (const keep of [18, 100, sample.length >> 1, sample.length - 1]) {
  throws(`truncated to ${keep} of ${sample.length} bytes`, sample.subarray(0, keep), /ends early/);
}
for (const props of [225, 255]) {
  const bad = Buffer.from(sample);
  bad[0] = props;
  throws(`properties byte ${props} (lc/lp/pb out of range)`, bad, /properties byte is \d+; accepted: 0-224/);
}
{
  const bad = Buffer.from(sample);
  bad[13] = 1;
  throws('range coder data starting with 1', bad, /starts with 1, not 0/);
}
throws('size in the header above the cap', withSize(sample, 5000), /more than 4096 bytes/, 4096);
throws('size in the header above 2^32', withSize(sample, 2 ** 40), /more than \d+ bytes/);
throws('output above the cap (size unknown)', xz(runs, ['-6']), /decodes to more than 100000 bytes/, 100000);
throws('end marker before the size in the header', withSize(sample, text.length + 1), /end marker after \d+ bytes/);

// 5. Hand-made streams: a range encoder (the mirror of the spec's decoder) with one adaptive probability per
// context name, so the contexts here only need to be told apart, not laid out as the decoder lays them out.
function rangeEncoder() {
  const out = [];
  const probs = new Map();
  let low = 0, range = 0xffffffff, cache = 0, pending = 1;
  function shiftLow() {  // write the top byte of low, carrying into bytes held back while it could still change
    if (low < 0xff000000 || low >= 2 ** 32) {
      const carry = low >= 2 ** 32 ? 1 : 0;
      for (let byte = cache; pending; pending--, byte = 0xff) out.push((byte + carry) & 0xff);
      cache = (low >>> 24) & 0xff;
    }
    pending++;
    low = (low & 0xffffff) * 256;
  }
  function normalize() { while (range < 2 ** 24) { range *= 256; shiftLow(); } }
  return {
    bit(context, b) {
      const p = probs.get(context) ?? 1024, bound = (range >>> 11) * p;
      if (b) { low += bound; range -= bound; probs.set(context, p - (p >> 5)); }
      else { range = bound; probs.set(context, p + ((2048 - p) >> 5)); }
      normalize();
    },
    tree(context, bits, value) {  // high bit first
      for (let m = 1, k = bits - 1; k >= 0; k--) { const b = (value >> k) & 1; this.bit(`${context}:${m}`, b); m = m * 2 + b; }
    },
    direct(bits, value) {
      for (let k = bits - 1; k >= 0; k--) { range = range >>> 1; if ((value >> k) & 1) low += range; normalize(); }
    },
    finish() { for (let i = 0; i < 5; i++) shiftLow(); return out; },
  };
}
// Spec: properties byte (pb * 5 + lp) * 9 + lc, 4 bytes dictionary size, 8 bytes size (unknown: all FF).
function stream(lc, lp, pb, encoded) {
  return Buffer.concat([Buffer.from([(pb * 5 + lp) * 9 + lc, 0, 0, 1, 0]), Buffer.alloc(8, 0xff), Buffer.from(encoded)]);
}
function literal(rc, state, pos, prev, byte, lc, lp, pb) {
  rc.bit(`match ${state} ${pos & ((1 << pb) - 1)}`, 0);
  rc.tree(`literal ${((pos & ((1 << lp) - 1)) << lc) + (prev >> (8 - lc))}`, 8, byte);
}
// A match of length 2 (the shortest): is-match 1, is-rep 0, length choice 0, low length tree 0.
function match2(rc, state, pos, pb, slot) {
  const posState = pos & ((1 << pb) - 1);
  rc.bit(`match ${state} ${posState}`, 1);
  rc.bit(`rep ${state}`, 0);
  rc.bit('len choice', 0);
  rc.tree(`len low ${posState}`, 3, 0);
  rc.tree('slot 0', 6, slot);  // length class 0: length 2
}
// End marker: a length-2 match with slot 63, 26 direct bits and 4 align bits all ones: distance 0xFFFFFFFF.
function endMarker(rc, state, pos, pb) {
  match2(rc, state, pos, pb, 63);
  rc.direct(26, 0x3ffffff);
  for (let m = 1, k = 0; k < 4; k++) { rc.bit(`align ${m}`, 1); m = m * 2 + 1; }
}
{
  // "A", then a match of length 2 at distance 1 (slot 0): "AAA". State 0 after a literal, 7 after a match.
  const rc = rangeEncoder();
  literal(rc, 0, 0, 0, 0x41, 3, 0, 2);
  match2(rc, 0, 1, 2, 0);
  endMarker(rc, 7, 3, 2);
  decodes('hand-made: "A" + match (length 2, distance 1) = "AAA"', stream(3, 0, 2, rc.finish()), Buffer.from('AAA'));
}
{
  // lc = 8, lp = 4, pb = 4 (properties byte 224, the largest valid): xz refuses lc + lp > 4.
  const rc = rangeEncoder();
  const bytes = Buffer.from('lc=8 lp=4 pb=4, the largest properties the format allows');
  bytes.forEach((b, pos) => literal(rc, 0, pos, pos ? bytes[pos - 1] : 0, b, 8, 4, 4));
  endMarker(rc, 0, bytes.length, 4);
  decodes('hand-made: literals with lc=8, lp=4, pb=4', stream(8, 4, 4, rc.finish()), bytes);
}
{
  // "A", then a match at distance 4 (slot 3: distance 3 + 1) with one byte decoded: reaches before the start.
  const rc = rangeEncoder();
  literal(rc, 0, 0, 0, 0x41, 3, 0, 2);
  match2(rc, 0, 1, 2, 3);
  endMarker(rc, 7, 3, 2);
  throws('hand-made: match 4 bytes back after 1 byte', stream(3, 0, 2, rc.finish()), /copies from 4 bytes back, before the start/);
}
{
  // A repeated match (is-match 1, is-rep 1) as the first symbol: nothing to repeat yet.
  const rc = rangeEncoder();
  rc.bit('match 0 0', 1);
  rc.bit('rep 0', 1);
  for (let i = 0; i < 40; i++) rc.bit(`filler ${i}`, 0);
  throws('hand-made: a repeated match before any byte', stream(3, 0, 2, rc.finish()), /repeated match, before any byte/);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

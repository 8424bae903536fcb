// LZMA1 decoder for .lzma ("alone") files, written from the LZMA SDK's lzma-specification.txt (Igor Pavlov).
// A --pre-js of the page (web/pack/unpack.js decodes the page's wasm with it); web/pack/lzma_test.mjs tests it
// against xz. This part reads and checks the header and puts failures into words; the range decoding runs in
// a small wasm module of its own (web/pack/lzma_dec.c, its exports passed as `decoder`), several times less
// work than decoding in JavaScript, which sat on the page's path to its first frame (about 60 ms).
//
// File layout (spec "LZMA file format"):
//   byte 0      properties: (pb * 5 + lp) * 9 + lc, so 0..224 (lc 0..8, lp 0..4, pb 0..4)
//   bytes 1-4   dictionary size, little-endian (unused here: the whole output is the window)
//   bytes 5-12  uncompressed size, 64-bit little-endian; all 0xFF = unknown, then an end marker ends the data
//   bytes 13-   range-coded data; its first byte is 0
//
// lzmaDecode(decoder, src: Uint8Array, maxBytes: number) -> Uint8Array. Throws an Error naming what is wrong
// on corrupt input. Never hangs: every step of the decoder writes at least one byte or stops, output is capped
// at maxBytes, and no read goes past the input.
function lzmaDecode(decoder, src, maxBytes) {
  var n = src.length;
  if (n < 18) throw new Error('LZMA data is ' + n + ' bytes, shorter than the 13-byte header and 5 bytes of range coder');
  var props = src[0];
  if (props > 224) throw new Error('LZMA properties byte is ' + props + '; accepted: 0-224 (lc <= 8, lp <= 4, pb <= 4)');
  var lc = props % 9, lp = (props / 9 | 0) % 5, pb = props / 45 | 0;
  var known = false, size = 0;
  for (var i = 5; i < 13; i++) if (src[i] != 255) known = true;
  if (known) {
    // 2^53 is far above any cap, so the high word only needs to be zero.
    size = src[5] + src[6] * 256 + src[7] * 65536 + src[8] * 16777216;
    if (src[9] | src[10] | src[11] | src[12] || size > maxBytes)
      throw new Error('LZMA header says the data is more than ' + maxBytes + ' bytes, the most accepted');
  }
  if (src[13]) throw new Error('LZMA range coder data starts with ' + src[13] + ', not 0');

  var code = ((src[14] << 24) | (src[15] << 16) | (src[16] << 8) | src[17]) >>> 0;
  if (code == 4294967295) throw new Error('LZMA range coder starts with code 0xFFFFFFFF, which no encoder writes');

  // The decoder's memory: its probabilities (11 bits each, in 16), the data after the header, the output.
  var cap = known ? size : maxBytes, data = n - 13, probs = (1847 + (0x300 << lc + lp)) * 2;
  var area = decoder.lzma_area(probs + data + cap);
  if (!area) throw new Error('LZMA decoder could not get ' + (probs + data + cap) + ' bytes of memory');
  new Uint8Array(decoder.memory.buffer).set(src.subarray(13), area + probs);
  var got = decoder.lzma_decode(area + probs, data, area + probs + data, cap, known ? 1 : 0, lc, lp, pb, area);
  if (got >= 0) return new Uint8Array(decoder.memory.buffer, area + probs + data, got).slice();
  var r = new Uint32Array(decoder.memory.buffer, decoder.lzma_report(), 3), pos = r[1];
  throw new Error([, 'LZMA data ends early: all ' + n + ' bytes read after ' + pos + ' bytes of output',
    'LZMA data starts with a repeated match, before any byte to repeat',
    'LZMA match at byte ' + pos + ' copies from ' + (r[2] + 1) + ' bytes back, before the start',
    'LZMA match at byte ' + pos + ' runs past the ' + size + ' bytes in the header',
    'LZMA end marker is followed by a range coder state that is not final (data corrupt)',
    'LZMA end marker after ' + pos + ' bytes, but the header says ' + size,
    'LZMA data decodes to more than ' + maxBytes + ' bytes, the most accepted'][r[0]] || 'LZMA decoder failed');
}

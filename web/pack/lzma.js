// LZMA1 decoder for .lzma ("alone") files, written from the LZMA SDK's lzma-specification.txt (Igor Pavlov).
// A --pre-js of the page (web/pack/unpack.js decodes the page's wasm with it); web/pack/lzma_test.mjs tests it
// against xz. Kept small and plain because it ships in every page; emcc strips comments and whitespace.
//
// File layout (spec "LZMA file format"):
//   byte 0      properties: (pb * 5 + lp) * 9 + lc, so 0..224 (lc 0..8, lp 0..4, pb 0..4)
//   bytes 1-4   dictionary size, little-endian (unused here: the whole output is the window)
//   bytes 5-12  uncompressed size, 64-bit little-endian; all 0xFF = unknown, then an end marker ends the data
//   bytes 13-   range-coded data; its first byte is 0
//
// lzmaDecode(src: Uint8Array, maxBytes: number) -> Uint8Array. Throws an Error naming what is wrong on
// corrupt input. Never hangs: every step of the main loop writes at least one byte or stops, output is capped
// at maxBytes, and the input position is checked after every step (a step reads at most a few dozen bytes).
function lzmaDecode(src, maxBytes) {
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

  // Probabilities, 11 bits, all start at one half. Offsets of each model in one array:
  var IS_MATCH = 0, IS_REP = 192, IS_REP_G0 = 204, IS_REP_G1 = 216, IS_REP_G2 = 228, IS_REP0_LONG = 240,
      DIST_SLOT = 432, DIST_SPECIAL = 688, ALIGN = 803, LEN = 819, REP_LEN = 1333, LITERAL = 1847;
  var probs = new Uint16Array(LITERAL + (0x300 << lc + lp)).fill(1024);

  // Range coder state: range, code, and the next input byte. Kept in one array so the helpers below can share it
  // without closing over variables, which would make V8 keep them in a context object; the literal loop, where
  // most of the time goes, copies them into locals instead (about twice as fast on the page's wasm).
  var rc = [4294967295, 0, 14];
  for (i = 0; i < 4; i++) rc[1] = rc[1] * 256 + src[rc[2]++];
  if (rc[1] == rc[0]) throw new Error('LZMA range coder starts with code 0xFFFFFFFF, which no encoder writes');

  function bit(i) {
    var range = rc[0], code = rc[1], p = probs[i], bound = (range >>> 11) * p, b = code >= bound ? 1 : 0;
    if (b) { range -= bound; code -= bound; probs[i] = p - (p >> 5); }
    else { range = bound; probs[i] = p + (2048 - p >> 5); }
    if (range < 16777216) { range *= 256; code = code * 256 + src[rc[2]++]; }
    rc[0] = range;
    rc[1] = code;
    return b;
  }
  function tree(base, bits) {  // high bit first; returns 0 .. 2^bits - 1
    for (var m = 1, k = 0; k < bits; k++) m = m * 2 + bit(base + m);
    return m - (1 << bits);
  }
  function reverseTree(base, bits) {  // low bit first
    for (var m = 1, r = 0, k = 0; k < bits; k++) { var b = bit(base + m); m = m * 2 + b; r |= b << k; }
    return r;
  }
  function direct(bits) {  // fixed probability one half
    for (var r = 0; bits--;) {
      rc[0] = rc[0] >>> 1;
      var b = rc[1] >= rc[0] ? 1 : 0;
      rc[1] -= rc[0] * b;
      r = r * 2 + b;
      if (rc[0] < 16777216) { rc[0] *= 256; rc[1] = rc[1] * 256 + src[rc[2]++]; }
    }
    return r;
  }
  function length(base) {  // match length minus 2: 0..271
    var low = base + 2 + (pos & pbMask) * 8;
    if (!bit(base)) return tree(low, 3);
    if (!bit(base + 1)) return 8 + tree(low + 128, 3);
    return 16 + tree(base + 258, 8);
  }
  function grow(need) {
    if (need > maxBytes) throw new Error('LZMA data decodes to more than ' + maxBytes + ' bytes, the most accepted');
    var bigger = new Uint8Array(Math.min(maxBytes, Math.max(need, out.length * 2)));
    bigger.set(out);
    out = bigger;
  }

  var out = new Uint8Array(known ? size : Math.min(maxBytes, Math.max(65536, n * 4)));
  var pos = 0, state = 0, rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0, len;
  var pbMask = (1 << pb) - 1, lpMask = (1 << lp) - 1;
  function early() {  // reads past the end give NaN, so a step may overrun; it is caught before the next one
    if (rc[2] > n) throw new Error('LZMA data ends early: all ' + n + ' bytes read after ' + pos + ' bytes of output');
  }
  while (!known || pos < size) {
    early();
    var posState = pos & pbMask;
    if (!bit(IS_MATCH + (state << 4) + posState)) {
      // Literal: 8 bits through a tree chosen by the previous byte's top lc bits and the position's low lp bits.
      // After a match, the byte at rep0 steers the tree until the first bit that differs from it.
      var base = LITERAL + 0x300 * (((pos & lpMask) << lc) + ((pos ? out[pos - 1] : 0) >> 8 - lc)), sym = 1;
      var range = rc[0], code = rc[1], at = rc[2], p, bound, b, match = state > 6 ? out[pos - rep0 - 1] : -1;
      while (sym < 256) {
        // The matched-literal probabilities (offset 256 + bit * 256) until the first bit that differs.
        var mb = match >> 7 & 1, k = base + (match < 0 ? sym : 256 + mb * 256 + sym);
        p = probs[k];
        bound = (range >>> 11) * p;
        if (code >= bound) { range -= bound; code -= bound; probs[k] = p - (p >> 5); b = 1; }
        else { range = bound; probs[k] = p + (2048 - p >> 5); b = 0; }
        if (range < 16777216) { range *= 256; code = code * 256 + src[at++]; }
        sym = sym * 2 + b;
        if (match >= 0) match = mb == b ? match << 1 & 255 : -1;
      }
      rc[0] = range;
      rc[1] = code;
      rc[2] = at;
      if (pos == out.length) grow(pos + 1);
      out[pos++] = sym;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    if (bit(IS_REP + state)) {
      if (!pos) throw new Error('LZMA data starts with a repeated match, before any byte to repeat');
      if (!bit(IS_REP_G0 + state)) {
        if (!bit(IS_REP0_LONG + (state << 4) + posState)) {  // one byte from rep0
          if (pos == out.length) grow(pos + 1);
          out[pos] = out[pos++ - rep0 - 1];
          state = state < 7 ? 9 : 11;
          continue;
        }
      } else {
        var dist;
        if (!bit(IS_REP_G1 + state)) dist = rep1;
        else {
          if (!bit(IS_REP_G2 + state)) dist = rep2;
          else { dist = rep3; rep3 = rep2; }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = length(REP_LEN);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2; rep2 = rep1; rep1 = rep0;
      len = length(LEN);
      state = state < 7 ? 7 : 10;
      // Distance: a 6-bit slot per length class (2, 3, 4, 5+), then the slot's low bits.
      var slot = tree(DIST_SLOT + (len < 3 ? len : 3) * 64, 6);
      if (slot < 4) rep0 = slot;
      else {
        var extra = (slot >> 1) - 1;
        rep0 = (2 | slot & 1) << extra >>> 0;
        if (slot < 14) rep0 += reverseTree(DIST_SPECIAL + rep0 - slot, extra);
        else rep0 += direct(extra - 4) * 16 + reverseTree(ALIGN, 4);
        if (rep0 == 4294967295) {  // the end marker
          early();
          if (rc[1]) throw new Error('LZMA end marker is followed by a range coder state that is not final (data corrupt)');
          if (known) throw new Error('LZMA end marker after ' + pos + ' bytes, but the header says ' + size);
          return out.subarray(0, pos);
        }
      }
    }
    len += 2;
    early();  // a distance read past the end is garbage: say why
    if (rep0 >= pos) throw new Error('LZMA match at byte ' + pos + ' copies from ' + (rep0 + 1) + ' bytes back, before the start');
    if (known && len > size - pos) throw new Error('LZMA match at byte ' + pos + ' runs past the ' + size + ' bytes in the header');
    if (pos + len > out.length) grow(pos + len);
    for (var from = pos - rep0 - 1; len--;) out[pos++] = out[from++];
  }
  early();
  return out;
}

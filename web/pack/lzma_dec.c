// LZMA1 range decoder for the page's packed wasm, compiled to a small wasm module of its own
// (web/CMakeLists.txt) that web/pack/lzma.js runs before the page's main module: decoding in wasm is several
// times less work than in JavaScript, and the decode sits on the page's path to its first frame.
// Written from the LZMA SDK's lzma-specification.txt (Igor Pavlov). lzma.js reads the 13-byte header, checks
// it and puts every failure into words; this file decodes the range-coded data and reports what went wrong.
// Freestanding: no libc, no imports; memory is the module's own (lzma_area grows it).
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;

// Offsets of each probability model in one array (the literal models follow, 0x300 per context).
enum {
    IS_MATCH = 0, IS_REP = 192, IS_REP_G0 = 204, IS_REP_G1 = 216, IS_REP_G2 = 228, IS_REP0_LONG = 240,
    DIST_SLOT = 432, DIST_SPECIAL = 688, ALIGN = 803, LEN = 819, REP_LEN = 1333, LITERAL = 1847
};

// Failures, for lzma.js: report[0] the kind, report[1] the output position, report[2..3] details.
enum {
    ENDS_EARLY = 1,      // input read to its end
    REP_FIRST = 2,       // a repeated match before any byte
    BEFORE_START = 3,    // a match reaching before the start; report[2] = distance
    PAST_SIZE = 4,       // a match past the known size
    MARKER_STATE = 5,    // the range coder is not final after the end marker
    MARKER_EARLY = 6,    // an end marker before the known size
    OVER_CAP = 7         // more output than fits
};
static u32 report[4];

static int fail(u32 kind, u32 pos, u32 detail) {
    report[0] = kind;
    report[1] = pos;
    report[2] = detail;
    return -1;
}

u32* lzma_report(void) { return report; }

extern u8 __heap_base;

// `bytes` of memory after the module's own data and stack, 16-aligned; 0 when memory cannot grow.
u8* lzma_area(u32 bytes) {
    const u32 base = ((u32)(uintptr_t)&__heap_base + 15u) & ~15u;
    const u32 have = (u32)__builtin_wasm_memory_size(0) * 65536u;
    if (bytes > 0xFFFFFFFFu - base) return 0;
    if (base + bytes > have && __builtin_wasm_memory_grow(0, (base + bytes - have + 65535u) / 65536u) == (__SIZE_TYPE__)-1)
        return 0;
    return (u8*)(uintptr_t)base;
}

// The range coder: state in module globals, so the small helpers below need no arguments for it (wasm globals
// are registers to the engine). A read past the input sets `early` and feeds zero bytes instead; the main loop
// stops on it before the next step and before judging a distance, so garbage never becomes output.
static const u8* src;
static u32 n, at, range, code, early;
static u16* probs;

static inline __attribute__((always_inline)) void normalize(void) {
    if (range < 0x1000000u) {
        range <<= 8;
        code <<= 8;
        if (at < n) code |= src[at++];
        else early = 1;
    }
}

// One bit with probability probs[k] (spec "The range decoder"): below bound it is 0 and the probability of 0
// grows, else 1 and it shrinks. Inlined into the literal loop, where most bits are decoded: the page runs this
// module in V8's baseline compiler first, where a call per bit costs more than the bytes the call saves.
static inline __attribute__((always_inline)) u32 bit_inline(u32 k) {
    const u32 p = probs[k], bound = (range >> 11) * p;
    u32 b = 0;
    if (code < bound) {
        range = bound;
        probs[k] = (u16)(p + ((2048u - p) >> 5));
    } else {
        range -= bound;
        code -= bound;
        probs[k] = (u16)(p - (p >> 5));
        b = 1;
    }
    normalize();
    return b;
}

static u32 bit(u32 k) { return bit_inline(k); }

// A bit tree of `bits` levels at probs[base + 1 ..], high bit first.
static u32 tree(u32 base, u32 bits) {
    u32 m = 1;
    while (m < (1u << bits)) m = m * 2 + bit(base + m);
    return m - (1u << bits);
}

// The same, low bit first.
static u32 reverse_tree(u32 base, u32 bits) {
    u32 m = 1, r = 0;
    for (u32 i = 0; i < bits; ++i) {
        const u32 b = bit(base + m);
        m = m * 2 + b;
        r |= b << i;
    }
    return r;
}

// Bits of probability one half.
static u32 direct(u32 bits) {
    u32 r = 0;
    for (; bits; --bits) {
        range >>= 1;
        const u32 b = code >= range;
        code -= range & (0u - b);
        r = r * 2 + b;
        normalize();
    }
    return r;
}

// Length minus 2 (0..271): a choice bit, a second one, then a 3-bit tree per pos state or an 8-bit tree.
static u32 length(u32 base, u32 pos_state) {
    if (!bit(base)) return tree(base + 2 + pos_state * 8, 3);
    if (!bit(base + 1)) return 8 + tree(base + 130 + pos_state * 8, 3);
    return 16 + tree(base + 258, 8);
}

// Decodes data[0..size), the range-coded data after the header (its first byte, 0, included), into
// out[0..cap). known: the header gave the size, which is cap; else an end marker ends the data and cap is the
// limit. model: LITERAL + 0x300 << (lc + lp) entries. Returns the output size, or -1 with report[] filled.
int lzma_decode(const u8* data, u32 size, u8* out, u32 cap, int known, u32 lc, u32 lp, u32 pb, u16* model) {
    src = data;
    n = size;
    probs = model;
    const u32 count = LITERAL + (0x300u << (lc + lp));
    for (u32 i = 0; i < count; ++i) probs[i] = 1024;
    range = 0xFFFFFFFFu;
    code = 0;
    early = 0;
    for (at = 1; at < 5; ++at) code = (code << 8) | src[at];
    u32 pos = 0, state = 0, rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;
    const u32 pb_mask = (1u << pb) - 1, lp_mask = (1u << lp) - 1;
    for (;;) {
        if (early) return fail(ENDS_EARLY, pos, 0);
        if (known && pos >= cap) return (int)pos;
        const u32 pos_state = pos & pb_mask;
        u32 len;
        if (!bit(IS_MATCH + (state << 4) + pos_state)) {
            // Literal: 8 bits through a tree chosen by the previous byte's top lc bits and the position's low lp
            // bits. After a match, the byte at rep0 steers it (offset 256 + bit * 256) until a bit differs.
            if (pos >= cap) return fail(OVER_CAP, pos, 0);
            const u32 base = LITERAL + 0x300u * (((pos & lp_mask) << lc) + ((pos ? out[pos - 1] : 0u) >> (8 - lc)));
            u32 sym = 1;
            if (state > 6) {
                for (u32 match = out[pos - rep0 - 1]; sym < 256; match <<= 1) {
                    const u32 mb = (match >> 7) & 1, b = bit_inline(base + 256 + mb * 256 + sym);
                    sym = sym * 2 + b;
                    if (mb != b) break;
                }
            }
            while (sym < 256) sym = sym * 2 + bit_inline(base + sym);
            out[pos++] = (u8)sym;
            state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
            continue;
        }
        if (bit(IS_REP + state)) {
            if (!pos) return fail(REP_FIRST, pos, 0);
            if (!bit(IS_REP_G0 + state)) {
                if (!bit(IS_REP0_LONG + (state << 4) + pos_state)) {  // one byte from rep0
                    if (pos >= cap) return fail(OVER_CAP, pos, 0);
                    out[pos] = out[pos - rep0 - 1];
                    ++pos;
                    state = state < 7 ? 9 : 11;
                    continue;
                }
            } else {
                u32 dist;
                if (!bit(IS_REP_G1 + state)) {
                    dist = rep1;
                } else {
                    if (!bit(IS_REP_G2 + state)) {
                        dist = rep2;
                    } else {
                        dist = rep3;
                        rep3 = rep2;
                    }
                    rep2 = rep1;
                }
                rep1 = rep0;
                rep0 = dist;
            }
            len = length(REP_LEN, pos_state);
            state = state < 7 ? 8 : 11;
        } else {
            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            len = length(LEN, pos_state);
            state = state < 7 ? 7 : 10;
            // Distance: a 6-bit slot per length class (2, 3, 4, 5+), then the slot's low bits: below slot 14
            // through a reverse tree of their own, above it direct bits and 4 align bits in a shared reverse tree.
            const u32 slot = tree(DIST_SLOT + (len < 3 ? len : 3) * 64, 6);
            if (slot < 4) {
                rep0 = slot;
            } else {
                const u32 bits = (slot >> 1) - 1;
                rep0 = (2 | (slot & 1)) << bits;
                if (slot < 14) rep0 += reverse_tree(DIST_SPECIAL + rep0 - slot, bits);
                else rep0 += (direct(bits - 4) << 4) + reverse_tree(ALIGN, 4);
                if (rep0 == 0xFFFFFFFFu) {  // the end marker
                    if (early) return fail(ENDS_EARLY, pos, 0);
                    if (code) return fail(MARKER_STATE, pos, 0);
                    if (known) return fail(MARKER_EARLY, pos, 0);
                    return (int)pos;
                }
            }
        }
        len += 2;
        if (early) return fail(ENDS_EARLY, pos, 0);  // a distance read past the end is garbage: say why
        if (rep0 >= pos) return fail(BEFORE_START, pos, rep0);
        if (len > cap - pos) return fail(known ? PAST_SIZE : OVER_CAP, pos, 0);
        for (u32 from = pos - rep0 - 1; len; --len) out[pos++] = out[from++];
    }
}

// The xz settings the page's wasm is packed with: web/pack/pack.mjs packs with them, and bench/web/run.mjs packs
// the bare baseline page the same way for its reference figure, so the two cannot drift apart.
// Preset 9e with lc=4 (literal context: the previous byte's top 4 bits), lp=0, pb=0 (no position context):
// on the page's wasm (627,387 bytes) 219,752 bytes, against 220,827 for xz's default lc=3,lp=0,pb=2 and 250,805
// for zopfli's gzip. Measured 2026-11-25 (docs/web-toolchain.md, "History"). lc+lp <= 4 is xz's limit.
export const xzArgs = ['--format=lzma', '--lzma1=preset=9e,lc=4,lp=0,pb=0', '--stdout'];

// A sparse GGUF writer: the real metadata and tensor table, the data region left as a hole (ftruncate), so a
// 7B-shaped file costs a few MB of disk. Layout: ggml docs/gguf.md (header, key/values, tensor infos, aligned data).
import fs from "node:fs";

const T = {u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10};
export const Q4_1 = 3, F32 = 0;
// ggml type -> [block values, block bytes]: ggml/src/ggml.c type_traits.
const blocks = {[F32]: [1, 4], [Q4_1]: [32, 20]};

class Buf {
    constructor() { this.parts = []; }
    u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.parts.push(b); return this; }
    i32(v) { const b = Buffer.alloc(4); b.writeInt32LE(v); this.parts.push(b); return this; }
    u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.parts.push(b); return this; }
    f32(v) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.parts.push(b); return this; }
    str(s) { const b = Buffer.from(s, "utf8"); this.u64(b.length); this.parts.push(b); return this; }
    bytes() { return Buffer.concat(this.parts); }
}

export function writeGguf(path, kv, tensors) {
    const h = new Buf();
    h.u32(0x46554747).u32(3).u64(tensors.length).u64(Object.keys(kv).length);
    for (const [key, value] of Object.entries(kv)) {
        h.str(key);
        if (typeof value === "string") h.u32(T.string).str(value);
        else if (typeof value === "boolean") h.u32(T.bool).parts.push(Buffer.from([value ? 1 : 0]));
        else if (typeof value === "number" && Number.isInteger(value)) h.u32(T.u32).u32(value);
        else if (typeof value === "number") h.u32(T.f32).f32(value);
        else if (value.f32) { h.u32(T.f32).f32(value.f32); }
        else if (Array.isArray(value.strings)) { h.u32(T.array).u32(T.string).u64(value.strings.length); for (const s of value.strings) h.str(s); }
        else if (value.i32s) { h.u32(T.array).u32(T.i32).u64(value.i32s.length); for (const x of value.i32s) h.i32(x); }
        else if (value.f32s) { h.u32(T.array).u32(T.f32).u64(value.f32s.length); for (const x of value.f32s) h.f32(x); }
        else if (value.u32s) { h.u32(T.array).u32(T.u32).u64(value.u32s.length); for (const x of value.u32s) h.u32(x); }
        else if (value.bools) { h.u32(T.array).u32(T.bool).u64(value.bools.length); h.parts.push(Buffer.from(value.bools.map((b) => (b ? 1 : 0)))); }
        else throw new Error(`unsupported value for ${key}`);
    }
    let offset = 0n;
    for (const t of tensors) {
        // Matrices in Q4_1 (no CPU repacking, so the sparse data is never touched); vectors and biases in F32.
        const type = t.ne[0] % 32 === 0 && t.ne.length > 1 && !t.name.endsWith(".bias") ? Q4_1 : F32;
        h.str(t.name).u32(t.ne.length);
        for (const n of t.ne) h.u64(n);
        h.u32(type).u64(offset);
        const [bv, bb] = blocks[type];
        const size = BigInt(t.ne.reduce((a, b) => a * b, 1) / bv * bb);
        offset += (size + 31n) / 32n * 32n;
    }
    let head = h.bytes();
    const padded = Math.ceil(head.length / 32) * 32;
    head = Buffer.concat([head, Buffer.alloc(padded - head.length)]);
    const fd = fs.openSync(path, "w");
    fs.writeSync(fd, head);
    fs.ftruncateSync(fd, padded + Number(offset));
    fs.closeSync(fd);
}

// A byte-level vocabulary of n tokens for tokenizer.ggml.model "gpt2": llama.cpp needs the token strings, types
// and merges; the content is irrelevant to buffer sizes, but a model named Phi-3 must have the special tokens
// src/llama-vocab.cpp sets attributes on by name.
const named = ["</s>", "<unk>", "<s>", "<|endoftext|>"];
export function gpt2Vocab(n) {
    const tokens = [];
    for (let i = 0; i < n; ++i) tokens.push(i < 256 ? String.fromCodePoint(0x100 + i) : named[i - 256] ?? `t${i}`);
    return {
        "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.pre": "default",
        "tokenizer.ggml.tokens": {strings: tokens}, "tokenizer.ggml.token_type": {i32s: new Array(n).fill(1)},
        "tokenizer.ggml.merges": {strings: []}, "tokenizer.ggml.bos_token_id": 1, "tokenizer.ggml.eos_token_id": 2,
    };
}

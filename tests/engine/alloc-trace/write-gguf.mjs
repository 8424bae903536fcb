// Writes the sparse GGUF measure.mjs would write for one catalog model: node write-gguf.mjs <model id> <layers>
// <context_length> <out.gguf>. Only metadata and tensor shapes are written; the data is a hole in the file.
import fs from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";

import {build} from "../archs.mjs";
import {gpt2Vocab, writeGguf} from "../gguf.mjs";

const [model, layers, ctx, out] = process.argv.slice(2);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const m = JSON.parse(fs.readFileSync(`${repo}/assets/models.json`, "utf8")).models.find((r) => r.id === model);
if (!m || !out) {
    console.error("usage: node write-gguf.mjs <catalog model id> <layers> <context_length> <out.gguf>");
    process.exit(2);
}
const {kv, tensors} = build(m, Number(layers), Number(ctx));
writeGguf(out, {...kv, ...gpt2Vocab(m.n_vocab)}, tensors);

// llama.cpp itself against ContextFit: writes sparse GGUFs with a catalog model's real metadata and tensor shapes
// (gguf.mjs, archs.mjs), loads each on CPU with node-llama-cpp 3.22.1 (its bundled llama.cpp v0.5.0 build;
// gpuLayers 0, mmap, so the sparse data is never read), captures llama.cpp's own log lines (KV cache size,
// compute and output buffer sizes) and compares them with `contextfit fit --gguf <the same file> --json`.
// Each file's context_length is the context measured, so the CLI's answer sits exactly at that context.
//
// Usage: (cd tests/engine && NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install)   once, needs the npm registry
//        node tests/engine/measure.mjs [build/native/contextfit]              offline; 26 cases, about 10 min on 2 busy cores
// CONTEXTFIT_ENGINE_ONLY=<model id> runs that model's cases only.
// Ends with "N passed, N failed": a case passes when KV + state + compute + output is within 2 % of the engine.
import {execFileSync} from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";

import {build} from "./archs.mjs";
import {gpt2Vocab, writeGguf} from "./gguf.mjs";

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true";
const {getLlama, LlamaLogLevel} = await import("node-llama-cpp");

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.resolve(process.argv[2] ?? `${repo}/build/native/contextfit`);
const catalog = JSON.parse(fs.readFileSync(`${repo}/assets/models.json`, "utf8")).models;
const MiB = 1048576;

// Few layers where the buffers are per-layer rules (the compute peak is one layer's phase or the logits); the KV
// cache is then compared for the layers written. DeepSeek-V2-Lite must keep its 27 layers: llama.cpp recognises
// it by that count (src/llama-model.cpp: is_lite, no q_lora_rank). Qwen3-Next and MiniMax-01 files keep the
// catalog's pattern: every 4th, and every 8th, layer attends; Jamba and Granite 4.0-H files hold one and two periods
// (attention in one layer of 8, and of 10), which ContextFit reads from the layer counts. `batch` is node-llama-cpp's
// batchSize (default 512).
const cases = [
    {model: "llama-3.1-8b", layers: 2, ctx: 4096},
    {model: "llama-3.1-8b", layers: 2, ctx: 32768, kvType: "q8_0"},
    {model: "llama-3.1-8b", layers: 2, ctx: 32768, flashAttention: false},
    {model: "mistral-7b-v0.3", layers: 2, ctx: 32768},
    {model: "llama-2-7b", layers: 2, ctx: 4096},
    {model: "qwen3-0.6b", layers: 28, ctx: 4096},
    {model: "deepseek-v2-lite", layers: 27, ctx: 4096},
    {model: "deepseek-v3", layers: 2, ctx: 32768},
    {model: "gpt-oss-20b", layers: 24, ctx: 8192},   // the placement ggml-alloc's replay (llama_graphs.cpp) must follow
    {model: "gpt-oss-20b", layers: 2, ctx: 4096, batch: 2048},
    {model: "gemma-3-12b", layers: 6, ctx: 32768},
    {model: "mixtral-8x7b", layers: 2, ctx: 32768},
    {model: "qwen3-30b-a3b", layers: 2, ctx: 32768},
    {model: "glm-4.5-air", layers: 5, ctx: 32768},  // 3 layers print another buffer than 5, 8 or the model
    {model: "llama-4-scout", layers: 4, ctx: 32768},
    {model: "phi-3-mini-4k", layers: 2, ctx: 4096},
    {model: "phi-4", layers: 2, ctx: 16384},
    {model: "gemma-2-9b", layers: 4, ctx: 8192},
    {model: "command-r-v01", layers: 2, ctx: 32768},
    {model: "falcon-180b", layers: 2, ctx: 2048},
    {model: "granite-4.0-h-tiny", layers: 20, ctx: 32768},  // attention at layers 5 and 15, as IBM places it
    {model: "jamba-1.5-mini", layers: 8, ctx: 16384},  // attention at 4; the mask's hole takes a Mamba tensor
    {model: "qwen3-next-80b-a3b", layers: 4, ctx: 4096},
    {model: "qwen3-next-80b-a3b", layers: 4, ctx: 32768},
    {model: "minimax-text-01", layers: 8, ctx: 4096},
    {model: "minimax-text-01", layers: 8, ctx: 32768, batch: 2048},  // the lightning phase, n_ubatch^2 x n_head
];

function engineLines(lines) {
    const mib = (re) => lines.filter((l) => re.test(l)).map((l) => Number(l.match(re)[1]));
    const last = (a) => a.length ? a[a.length - 1] : NaN;
    const sum = (a) => a.reduce((x, y) => x + y, 0);
    return {
        kv: sum(mib(/llama_kv_cache: size = +([\d.]+) MiB/)),
        state: sum(mib(/llama_memory_recurrent: size = +([\d.]+) MiB/)),
        // The context's destructor prints the compute buffer again with 4 decimals: prefer it.
        compute: last(mib(/CPU compute buffer size (?:=|is) +([\d.]+) MiB/)),
        output: last(mib(/CPU +output buffer size = +([\d.]+) MiB/)),
        ubatch: last(mib(/n_ubatch += (\d+)/)),
    };
}

function contextfit(file, c, ubatch) {
    const args = ["fit", "--gguf", file, "--ram", "4TiB", "--reserve", "0", "--ubatch", String(ubatch), "--json"];
    if (c.flashAttention === false) args.push("--no-flash-attn");
    if (c.kvType) args.push("--kv-type", c.kvType);
    const out = JSON.parse(execFileSync(cli, args, {encoding: "utf8"}));
    const b = out.breakdown;
    return {tokens: out.tokens, kv: b.kv_bytes / MiB, state: b.state_bytes / MiB, compute: b.compute_bytes / MiB,
        output: b.output_bytes / MiB};
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "contextfit-engine-"));
const started = Date.now();
let passed = 0, failed = 0;
let lines = [];
const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.debug, logger: (_, msg) => lines.push(msg)});
const pct = (ours, theirs) => `${(100 * (ours - theirs) / theirs).toFixed(2)} %`;
const only = process.env.CONTEXTFIT_ENGINE_ONLY;  // run the cases of one model id, e.g. deepseek-v3
for (const c of cases.filter((x) => !only || x.model === only)) {
    const m = catalog.find((r) => r.id === c.model);
    const file = path.join(dir, `${c.model}-${c.layers}.gguf`);
    const {kv, tensors} = build(m, c.layers, c.ctx);
    writeGguf(file, {...kv, ...gpt2Vocab(m.n_vocab)}, tensors);
    lines = [];
    const model = await llama.loadModel({modelPath: file, gpuLayers: 0}).catch((e) => {
        console.log(lines.filter((l) => /error|fail|wrong|missing/i.test(l)).join("\n"));
        throw e;
    });
    const context = await model.createContext({contextSize: c.ctx, batchSize: c.batch ?? 512, flashAttention: c.flashAttention ?? true,
        ignoreMemorySafetyChecks: true, experimentalKvCacheKeyType: c.kvType?.toUpperCase(),
        experimentalKvCacheValueType: c.kvType?.toUpperCase()});
    await context.dispose();
    await model.dispose();
    const engine = engineLines(lines);
    const ours = contextfit(file, c, engine.ubatch);
    fs.rmSync(file);
    const total = (x) => x.kv + x.state + x.compute + x.output;
    const ok = ours.tokens === c.ctx && Math.abs(total(ours) - total(engine)) <= 0.02 * total(engine);
    ok ? ++passed : ++failed;
    const name = `${c.model} (${c.layers} layers) ctx ${c.ctx} ub ${engine.ubatch}${c.flashAttention === false ? " no-FA" : ""}${c.kvType ? ` ${c.kvType}` : ""}`;
    console.log(`${ok ? "PASS" : "FAIL"} ${name}: engine KV ${engine.kv.toFixed(2)} + state ${engine.state.toFixed(2)} + compute ` +
        `${engine.compute.toFixed(2)} + output ${engine.output.toFixed(2)} MiB; ContextFit ${ours.kv.toFixed(2)} + ` +
        `${ours.state.toFixed(2)} + ${ours.compute.toFixed(2)} + ${ours.output.toFixed(2)} MiB; compute ` +
        `${pct(ours.compute, engine.compute)}, total ${pct(total(ours), total(engine))}`);
}
fs.rmSync(dir, {recursive: true, force: true});
console.log(`run time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

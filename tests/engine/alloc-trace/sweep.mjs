// ContextFit against llama.cpp over a grid: for each architecture a sparse file long enough to print its whole
// model's buffer (one or two periods of its layer pattern; shorter files print other figures, docs/accuracy.md),
// every context x n_ubatch x flash-attention setting below, llama.cpp's printed KV, state, compute and output
// buffers (the driver that `run` builds) against `contextfit need --tokens`. Prints each row with two residuals of
// the context part (KV + state + compute + output): the file's (few layers, so the buffer weighs more) and the
// whole catalog model's (its exact KV with the buffer the file printed); rows where the whole model is off by more
// than 2 % are marked MISS. A survey, not a test: it needs the llama.cpp build (about 5 minutes, once) and takes
// about 20 minutes on 2 cores.
// Usage: tests/engine/alloc-trace/run gpt-oss-20b 2 4096 512 1   (once, builds the driver)
//        node tests/engine/alloc-trace/sweep.mjs [model id ...]      SWEEP_FA=0 or 1: one flash-attention setting;
//        CONTEXTFIT_CLI=<path>: the contextfit binary to ask (default build/native/contextfit)
import {execFileSync, spawnSync} from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";

import {build} from "../archs.mjs";
import {gpt2Vocab, writeGguf} from "../gguf.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const driver = `${repo}/build/alloc-trace/driver`;
const cli = process.env.CONTEXTFIT_CLI ?? `${repo}/build/native/contextfit`;  // a copy keeps rebuilds out of a run
const catalog = JSON.parse(fs.readFileSync(`${repo}/assets/models.json`, "utf8")).models;
const MiB = 1048576;
if (!fs.existsSync(driver)) {
    console.error(`no ${driver}: run tests/engine/alloc-trace/run once first`);
    process.exit(1);
}
// Layer counts that keep each architecture's pattern and print its model's buffer.
const files = [
    ["llama-3.1-8b", 2], ["mistral-7b-v0.3", 2], ["llama-2-7b", 2], ["qwen2.5-7b", 2], ["qwen3-0.6b", 28], ["deepseek-v2-lite", 27],
    ["deepseek-v3", 5], ["gpt-oss-20b", 4], ["gemma-3-12b", 12], ["mixtral-8x7b", 2], ["qwen3-30b-a3b", 2],
    ["glm-4.5-air", 5], ["llama-4-scout", 8], ["llama-4-maverick", 8], ["phi-3-mini-4k", 2], ["phi-4", 2], ["gemma-2-9b", 4],
    ["command-r-v01", 4], ["falcon-180b", 2], ["granite-4.0-h-tiny", 20], ["jamba-1.5-mini", 16],
    ["qwen3-next-80b-a3b", 8], ["minimax-text-01", 16],
];
const grid = [];
for (const ctx of [512, 4096, 16384, 32768])
    for (const ub of [512, 2048])
        for (const fa of [1, 0])
            if (process.env.SWEEP_FA === undefined || Number(process.env.SWEEP_FA) === fa) grid.push({ctx, ub, fa});

const only = process.argv.slice(2);
const dir = fs.mkdtempSync(`${repo}/build/alloc-trace/sweep-`);
let rows = 0, misses = 0;
for (const [id, layers] of files.filter(([id]) => !only.length || only.includes(id))) {
    const m = catalog.find((r) => r.id === id);
    const file = path.join(dir, `${id}.gguf`);
    const {kv, tensors} = build(m, layers, 131072);
    writeGguf(file, {...kv, ...gpt2Vocab(m.n_vocab)}, tensors);
    for (const {ctx, ub, fa} of grid) {
        const run = spawnSync(driver, [file, String(ctx), String(ub), String(fa)], {encoding: "utf8"});
        const log = run.stderr ?? "";
        const sum = (re) => [...log.matchAll(re)].reduce((s, x) => s + Number(x[1]), 0);
        const compute = log.match(/compute buffer size is +([\d.]+) MiB/);
        if (run.status !== 0 || !compute) {
            console.log(`SKIP ${id} ctx ${ctx} ub ${ub} fa ${fa}: llama.cpp refused (${log.split("\n").filter((l) => /error|fail/i.test(l))[0] ?? run.status})`);
            continue;
        }
        const engine = {kv: sum(/llama_kv_cache: size = +([\d.]+) MiB/g), state: sum(/llama_memory_recurrent: size = +([\d.]+) MiB/g),
                        compute: Number(compute[1]), output: Number((log.match(/CPU +output buffer size = +([\d.]+) MiB/) ?? [0, 0])[1])};
        const args = ["need", "--tokens", String(ctx), "--ubatch", String(ub), "--json"];
        if (!fa) args.push("--no-flash-attn");
        const need = (more) => {
            const out = JSON.parse(execFileSync(cli, [...args, ...more], {encoding: "utf8"}));
            const r = out.models ? out.models[0] : out;
            return {kv: r.kv_bytes / MiB, state: r.state_bytes / MiB, compute: r.compute_bytes / MiB, output: r.output_bytes / MiB};
        };
        const ours = need(["--gguf", file]);
        // Beyond the model's context `need --model` stops at the limit: the whole model has no such row.
        const whole = ctx <= m.n_ctx_limit ? need(["--model", id]) : null;
        const total = (x) => x.kv + x.state + x.compute + x.output;
        const residual = (total(ours) - total(engine)) / total(engine);
        const wholeEngine = whole && {...whole, compute: engine.compute, output: engine.output};
        const wholeResidual = whole ? (total(whole) - total(wholeEngine)) / total(wholeEngine) : 0;
        const miss = Math.abs(wholeResidual) > 0.02;
        ++rows;
        if (miss) ++misses;
        console.log(`${miss ? "MISS" : "ok  "} ${id} (${layers} layers) ctx ${ctx} ub ${ub} ${fa ? "FA" : "no FA"}: compute engine ` +
            `${engine.compute.toFixed(2)} ours ${ours.compute.toFixed(2)} MiB; KV ${engine.kv.toFixed(2)}/${ours.kv.toFixed(2)}; ` +
            `context part ${(100 * residual).toFixed(2)} % (file), ` +
            (whole ? `${(100 * wholeResidual).toFixed(2)} % (whole model, ${total(wholeEngine).toFixed(0)} MiB)`
                   : "beyond the whole model's context"));
    }
    fs.rmSync(file);
}
fs.rmSync(dir, {recursive: true, force: true});
console.log(`${rows} rows, ${misses} beyond 2 % of the whole model's context part`);

// Cross-check of the GGUF reader against an independent parser, npm @huggingface/gguf, on the fixtures the
// gguf_test suite leaves in <build>/tests/gguf_fixtures (sparse files: real headers, unwritten data).
//   node tests/web/gguf_peer.mjs [build folder, default build/native]
// For every file: version, counts, every metadata key and value, every tensor (name, shape, type, offset), the
// parameter count, and the weight bytes against the data region the peer locates. Then a benchmark line for the
// sparse 100 GB file: bytes read and time for both parsers. Closing line: "N passed, N failed".
import { execFileSync } from "node:child_process";
import { existsSync, openSync, readSync, closeSync, statSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { gguf, GGMLQuantizationType } from "@huggingface/gguf";

const build = resolve(process.argv[2] ?? "build/native");
const cli = join(build, "contextfit");
const dir = join(build, "tests", "gguf_fixtures");
let passed = 0, failed = 0;
const check = (ok, what) => {
    if (ok) passed++;
    else { failed++; console.log(`FAIL ${what}`); }
};

if (!existsSync(cli) || !existsSync(dir)) {
    console.log(`FAIL ${cli} or ${dir} missing: build, then run the gguf_test suite first`);
    console.log("0 passed, 1 failed");
    process.exit(1);
}

// The peer reads through a fetch we provide, serving Range requests from the local file, so the bytes it
// asks for are counted exactly (allowLocalFile would hide them).
function rangeFetch(path, counter) {
    return async (_url, init) => {
        const size = statSync(path).size;
        const m = /bytes=(\d+)-(\d+)/.exec(init?.headers?.Range ?? init?.headers?.range ?? "");
        const from = m ? Number(m[1]) : 0, to = m ? Math.min(Number(m[2]), size - 1) : size - 1;
        const buf = Buffer.alloc(Math.max(0, to - from + 1));
        const fd = openSync(path, "r");
        readSync(fd, buf, 0, buf.length, from);
        closeSync(fd);
        counter.bytes += buf.length;
        return new Response(buf, { status: m ? 206 : 200, headers: { "Content-Length": String(buf.length) } });
    };
}

async function peer(path) {
    const counter = { bytes: 0 };
    const t0 = performance.now();
    const out = await gguf("http://localhost/" + path.split("/").pop(), {
        fetch: rangeFetch(path, counter), computeParametersCount: true, typedMetadata: true,
    });
    return { out, bytes: counter.bytes, ms: performance.now() - t0 };
}

function ours(paths) {
    const t0 = performance.now();
    const text = execFileSync(cli, ["inspect", ...paths, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
    return { j: JSON.parse(text), ms: performance.now() - t0 };
}

const same = (a, b) => {
    if (typeof a === "bigint" || typeof b === "bigint") return BigInt(a) === BigInt(b);
    if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-6 * Math.abs(b);
    return a === b;
};

function compareMetadata(name, j, p) {
    const keys = Object.keys(p.metadata).filter(k => !["version", "tensor_count", "kv_count"].includes(k));
    check(keys.length === Object.keys(j.metadata).length, `${name}: ${keys.length} metadata keys (peer) vs ${Object.keys(j.metadata).length}`);
    for (const k of keys) {
        const mine = j.metadata[k], theirs = p.metadata[k];
        if (Array.isArray(theirs)) {
            const ok = mine?.type === "array" && mine.count === theirs.length &&
                (mine.items === undefined || mine.items.every((v, i) => same(v, theirs[i])));
            check(ok, `${name}: array ${k}`);
        } else {
            check(same(mine, theirs), `${name}: ${k} = ${JSON.stringify(mine)} vs peer ${String(theirs)}`);
        }
    }
}

function compareTensors(name, j, tensors) {
    check(j.tensors.length === tensors.length, `${name}: ${j.tensors.length} tensors vs peer ${tensors.length}`);
    const bad = tensors.filter((t, i) => {
        const m = j.tensors[i];
        return !m || m.name !== t.name || m.type !== GGMLQuantizationType[t.dtype] || BigInt(m.offset) !== t.offset ||
            m.shape.length !== t.shape.length || m.shape.some((d, k) => BigInt(d) !== t.shape[k]);
    });
    check(bad.length === 0, `${name}: tensors differ from peer: ${bad.slice(0, 3).map(t => t.name).join(", ")}`);
}

const singles = readdirSync(dir).filter(f => f.endsWith(".gguf") && !f.startsWith("split-") && f !== "huge-100g.gguf").sort();
for (const file of singles) {
    const path = join(dir, file);
    const { j } = ours([path]);
    const { out: p } = await peer(path);
    check(j.version === p.metadata.version, `${file}: version`);
    compareMetadata(file, j, p);
    compareTensors(file, j, p.tensorInfos);
    check(j.n_params === p.parameterCount, `${file}: n_params ${j.n_params} vs peer parameterCount ${p.parameterCount}`);
    // The test writer packs tensors back to back (each a multiple of 32 bytes): weights = file size - data start.
    const data = statSync(path).size - Number(p.tensorDataOffset);
    check(j.weights_bytes === data, `${file}: weights_bytes ${j.weights_bytes} vs data region ${data} after peer's tensorDataOffset`);
    check(j.n_layer === p.metadata[`${j.arch}.block_count`], `${file}: n_layer`);
    const kv = p.metadata[`${j.arch}.attention.head_count_kv`];
    if (Array.isArray(kv)) {
        // Per-layer KV heads (gguf-parser #31): layers with KV heads are the attention layers.
        const attn = kv.filter(x => x > 0).length;
        check(j.layers.full + j.layers.swa === attn, `${file}: attention layers ${j.layers.full + j.layers.swa} vs nonzero head_count_kv ${attn}`);
    }
}

// Split model: the three parts read together; the peer reads each part.
const parts = [1, 2, 3].map(i => join(dir, `split-0000${i}-of-00003.gguf`));
if (parts.every(existsSync)) {
    const { j } = ours([parts[0]]);
    let params = 0, tensors = [];
    for (const part of parts) {
        const { out } = await peer(part);
        params += out.parameterCount;
        tensors = tensors.concat(out.tensorInfos);
    }
    check(j.parts === 3, "split: 3 parts found from part 1");
    check(j.n_params === params, `split: n_params ${j.n_params} vs peer sum ${params}`);
    compareTensors("split", j, tensors);
}

// Benchmark: the sparse 100 GB file, header only.
const huge = join(dir, "huge-100g.gguf");
if (existsSync(huge)) {
    const a = ours([huge]);
    const b = await peer(huge);
    const size = statSync(huge).size;
    check(a.j.bytes_read < size / 10000, `huge: read ${a.j.bytes_read} of ${size} bytes`);
    check(a.j.n_tensors === b.out.tensorInfos.length, "huge: tensor count");
    console.log(`bench 100 GB GGUF (${size} bytes): contextfit inspect read ${a.j.bytes_read} bytes in ${a.ms.toFixed(1)} ms ` +
        `(whole process); @huggingface/gguf read ${b.bytes} bytes in ${b.ms.toFixed(1)} ms (in-process)`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

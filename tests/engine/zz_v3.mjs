import fs from "node:fs";
import {build} from "./archs.mjs";
import {gpt2Vocab, writeGguf} from "./gguf.mjs";
const [layers, out, sig] = process.argv.slice(2);
const m = JSON.parse(fs.readFileSync("/work/main/assets/models.json", "utf8")).models.find((r) => r.id === "deepseek-v3");
const {kv, tensors} = build(m, Number(layers), 131072);
if (sig === "1") {
    kv["deepseek2.expert_gating_func"] = 2;
    kv["deepseek2.expert_weights_norm"] = true;
    kv["deepseek2.expert_weights_scale"] = {f32: 2.5};
    for (let i = Math.min(m.moe.n_layer_dense, layers - 1); i < layers; ++i) tensors.push({name: `blk.${i}.exp_probs_b.bias`, ne: [m.moe.n_expert]});
}
writeGguf(out, {...kv, ...gpt2Vocab(m.n_vocab)}, tensors);

// Metadata and tensor tables, per llama.cpp architecture, for a catalog record (assets/models.json): the names and
// shapes llama.cpp v0.5.0 loads (src/llama-arch.cpp LLM_TENSOR_NAMES, src/llama-model.cpp load_tensors), so that
// the engine builds the real graph. `layers` may be fewer than the model's: the buffers are per-layer rules.
const t = (name, ...ne) => ({name, ne});

function head(m, layers, ctx) {
    const a = m.arch;
    return {
        "general.architecture": a, "general.name": m.display_name,
        [`${a}.block_count`]: layers, [`${a}.context_length`]: ctx, [`${a}.embedding_length`]: m.n_embd,
        [`${a}.attention.head_count`]: m.n_head, [`${a}.attention.layer_norm_rms_epsilon`]: {f32: 1e-6},
        [`${a}.attention.layer_norm_epsilon`]: {f32: 1e-5},
        [`${a}.vocab_size`]: m.n_vocab,
    };
}

function attention(i, m, {bias = false, qkNorm = false} = {}) {
    const q = m.n_head * m.n_embd_head_k, kv = m.n_head_kv * m.n_embd_head_k, o = m.n_head * m.n_embd_head_v;
    const out = [t(`blk.${i}.attn_norm.weight`, m.n_embd), t(`blk.${i}.attn_q.weight`, m.n_embd, q),
        t(`blk.${i}.attn_k.weight`, m.n_embd, kv), t(`blk.${i}.attn_v.weight`, m.n_embd, m.n_head_kv * m.n_embd_head_v),
        t(`blk.${i}.attn_output.weight`, o, m.n_embd)];
    if (bias) out.push(t(`blk.${i}.attn_q.bias`, q), t(`blk.${i}.attn_k.bias`, kv), t(`blk.${i}.attn_v.bias`, m.n_head_kv * m.n_embd_head_v));
    if (qkNorm) out.push(t(`blk.${i}.attn_q_norm.weight`, m.n_embd_head_k), t(`blk.${i}.attn_k_norm.weight`, m.n_embd_head_k));
    return out;
}

const ffn = (i, m, n_ff) => [t(`blk.${i}.ffn_norm.weight`, m.n_embd), t(`blk.${i}.ffn_gate.weight`, m.n_embd, n_ff),
    t(`blk.${i}.ffn_up.weight`, m.n_embd, n_ff), t(`blk.${i}.ffn_down.weight`, n_ff, m.n_embd)];

const ends = (m, tied) => [t("token_embd.weight", m.n_embd, m.n_vocab), t("output_norm.weight", m.n_embd),
    ...(tied ? [] : [t("output.weight", m.n_embd, m.n_vocab)])];

function dense(m, layers, ctx, opts) {
    const a = m.arch;
    const kv = {...head(m, layers, ctx), [`${a}.feed_forward_length`]: m.n_ff ?? m.n_ff_exp, [`${a}.attention.head_count_kv`]: m.n_head_kv,
        [`${a}.attention.key_length`]: m.n_embd_head_k, [`${a}.attention.value_length`]: m.n_embd_head_v,
        [`${a}.rope.dimension_count`]: m.n_embd_head_k};
    const tensors = ends(m, false);
    for (let i = 0; i < layers; ++i) tensors.push(...attention(i, m, opts), ...ffn(i, m, m.n_ff));
    return {kv, tensors};
}

// DeepSeek-V2/V3 with the MLA split of wkv_b into wk_b and wv_b (convert_hf_to_gguf.py since 2025: K-only cache).
function deepseek2(m, layers, ctx) {
    const a = m.arch, x = m.mla, E = m.n_embd, H = m.n_head, dense_layers = Math.min(m.moe.n_layer_dense, layers - 1);
    const kv = {...head(m, layers, ctx), [`${a}.feed_forward_length`]: m.n_ff ?? m.n_ff_exp, [`${a}.attention.head_count_kv`]: 1,
        [`${a}.attention.key_length`]: x.kv_lora_rank + x.qk_rope_head_dim, [`${a}.attention.value_length`]: x.kv_lora_rank,
        [`${a}.attention.key_length_mla`]: x.qk_nope_head_dim + x.qk_rope_head_dim, [`${a}.attention.value_length_mla`]: x.v_head_dim,
        [`${a}.attention.kv_lora_rank`]: x.kv_lora_rank, [`${a}.rope.dimension_count`]: x.qk_rope_head_dim,
        [`${a}.leading_dense_block_count`]: dense_layers, [`${a}.expert_count`]: m.moe.n_expert,
        [`${a}.expert_shared_count`]: m.moe.n_expert_shared, [`${a}.expert_used_count`]: m.moe.n_expert_used,
        [`${a}.expert_feed_forward_length`]: m.n_ff_exp, [`${a}.expert_weights_scale`]: {f32: 1.0}};
    if (x.q_lora_rank) kv[`${a}.attention.q_lora_rank`] = x.q_lora_rank;
    const tensors = ends(m, false), qk = x.qk_nope_head_dim + x.qk_rope_head_dim;
    for (let i = 0; i < layers; ++i) {
        tensors.push(t(`blk.${i}.attn_norm.weight`, E), t(`blk.${i}.attn_kv_a_mqa.weight`, E, x.kv_lora_rank + x.qk_rope_head_dim),
            t(`blk.${i}.attn_kv_a_norm.weight`, x.kv_lora_rank), t(`blk.${i}.attn_k_b.weight`, x.qk_nope_head_dim, x.kv_lora_rank, H),
            t(`blk.${i}.attn_v_b.weight`, x.kv_lora_rank, x.v_head_dim, H), t(`blk.${i}.attn_output.weight`, H * x.v_head_dim, E));
        if (x.q_lora_rank)
            tensors.push(t(`blk.${i}.attn_q_a_norm.weight`, x.q_lora_rank), t(`blk.${i}.attn_q_a.weight`, E, x.q_lora_rank),
                t(`blk.${i}.attn_q_b.weight`, x.q_lora_rank, H * qk));
        else tensors.push(t(`blk.${i}.attn_q.weight`, E, H * qk));
        if (i < dense_layers) { tensors.push(...ffn(i, m, m.n_ff)); continue; }
        const sh = m.n_ff_exp * m.moe.n_expert_shared, n = m.moe.n_expert;
        tensors.push(t(`blk.${i}.ffn_norm.weight`, E), t(`blk.${i}.ffn_gate_inp.weight`, E, n),
            t(`blk.${i}.ffn_gate_exps.weight`, E, m.n_ff_exp, n), t(`blk.${i}.ffn_up_exps.weight`, E, m.n_ff_exp, n),
            t(`blk.${i}.ffn_down_exps.weight`, m.n_ff_exp, E, n), t(`blk.${i}.ffn_gate_shexp.weight`, E, sh),
            t(`blk.${i}.ffn_up_shexp.weight`, E, sh), t(`blk.${i}.ffn_down_shexp.weight`, sh, E));
    }
    return {kv, tensors};
}

// gpt-oss: attention with biases and per-head sinks, every other layer a 128-token sliding window, MoE with biases
// (src/llama-model.cpp LLM_ARCH_OPENAI_MOE).
function gptOss(m, layers, ctx) {
    const a = m.arch, E = m.n_embd, q = m.n_head * m.n_embd_head_k, kvw = m.n_head_kv * m.n_embd_head_k;
    const F = m.n_ff_exp, n = m.moe.n_expert;
    const kv = {...head(m, layers, ctx), [`${a}.feed_forward_length`]: F, [`${a}.attention.head_count_kv`]: m.n_head_kv,
        [`${a}.attention.key_length`]: m.n_embd_head_k, [`${a}.attention.value_length`]: m.n_embd_head_v,
        [`${a}.rope.dimension_count`]: m.n_embd_head_k, [`${a}.attention.sliding_window`]: m.n_swa,
        [`${a}.expert_count`]: n, [`${a}.expert_used_count`]: m.moe.n_expert_used, [`${a}.expert_feed_forward_length`]: F};
    const tensors = ends(m, false);
    for (let i = 0; i < layers; ++i)
        tensors.push(t(`blk.${i}.attn_norm.weight`, E), t(`blk.${i}.post_attention_norm.weight`, E),
            t(`blk.${i}.attn_q.weight`, E, q), t(`blk.${i}.attn_k.weight`, E, kvw), t(`blk.${i}.attn_v.weight`, E, kvw),
            t(`blk.${i}.attn_output.weight`, q, E), t(`blk.${i}.attn_sinks.weight`, m.n_head),
            t(`blk.${i}.attn_q.bias`, q), t(`blk.${i}.attn_k.bias`, kvw), t(`blk.${i}.attn_v.bias`, kvw),
            t(`blk.${i}.attn_output.bias`, E), t(`blk.${i}.ffn_gate_inp.weight`, E, n), t(`blk.${i}.ffn_gate_inp.bias`, n),
            t(`blk.${i}.ffn_gate_exps.weight`, E, F, n), t(`blk.${i}.ffn_up_exps.weight`, E, F, n),
            t(`blk.${i}.ffn_down_exps.weight`, F, E, n), t(`blk.${i}.ffn_gate_exps.bias`, F, n),
            t(`blk.${i}.ffn_up_exps.bias`, F, n), t(`blk.${i}.ffn_down_exps.bias`, E, n));
    return {kv, tensors};
}

// Gemma 3: tied embeddings, q/k norms, norms after attention and FFN, 5 sliding-window layers to 1 global
// (src/llama-model.cpp LLM_ARCH_GEMMA3).
function gemma3(m, layers, ctx) {
    const {kv, tensors} = dense(m, layers, ctx, {qkNorm: true});
    kv[`${m.arch}.attention.sliding_window`] = m.n_swa;
    const out = tensors.filter((x) => x.name !== "output.weight");
    for (let i = 0; i < layers; ++i)
        out.push(t(`blk.${i}.post_attention_norm.weight`, m.n_embd), t(`blk.${i}.post_ffw_norm.weight`, m.n_embd));
    return {kv, tensors: out};
}

// Routed experts (and shared ones when `shared` > 0) of width F: ffn_gate_inp, ffn_{gate,up,down}_exps (+ _shexp).
function experts(i, m, F, shared = 0) {
    const E = m.n_embd, n = m.moe.n_expert, out = [t(`blk.${i}.ffn_norm.weight`, E), t(`blk.${i}.ffn_gate_inp.weight`, E, n),
        t(`blk.${i}.ffn_gate_exps.weight`, E, F, n), t(`blk.${i}.ffn_up_exps.weight`, E, F, n),
        t(`blk.${i}.ffn_down_exps.weight`, F, E, n)];
    if (shared) out.push(t(`blk.${i}.ffn_gate_shexp.weight`, E, shared), t(`blk.${i}.ffn_up_shexp.weight`, E, shared),
        t(`blk.${i}.ffn_down_shexp.weight`, shared, E));
    return out;
}

function moeKv(m, F) {
    const a = m.arch;
    return {[`${a}.expert_count`]: m.moe.n_expert, [`${a}.expert_used_count`]: m.moe.n_expert_used,
        [`${a}.expert_shared_count`]: m.moe.n_expert_shared, [`${a}.expert_feed_forward_length`]: F};
}

// Mixtral: llama with experts whose width is feed_forward_length, as converted GGUFs have no expert width key
// (src/models/llama.cpp load_arch_tensors).
function llamaMoe(m, layers, ctx) {
    const {kv, tensors} = dense({...m, n_ff: m.n_ff_exp}, layers, ctx, {});
    const out = tensors.filter((x) => !/ffn_(gate|up|down|norm)\.weight$/.test(x.name));
    for (let i = 0; i < layers; ++i) out.push(...experts(i, m, m.n_ff_exp));
    const moe = moeKv(m, m.n_ff_exp);
    delete moe[`${m.arch}.expert_feed_forward_length`];
    return {kv: {...kv, ...moe}, tensors: out};
}

// Qwen3 MoE: q/k norms, routed experts only (src/models/qwen3moe.cpp).
function qwen3moe(m, layers, ctx) {
    const {kv} = dense(m, layers, ctx, {});
    const tensors = ends(m, false);
    for (let i = 0; i < layers; ++i) tensors.push(...attention(i, m, {qkNorm: true}), ...experts(i, m, m.n_ff_exp));
    return {kv: {...kv, ...moeKv(m, m.n_ff_exp)}, tensors};
}

// GLM-4.5: leading dense layers, then routed + shared experts with a selection bias; a norm after attention
// (src/models/glm4-moe.cpp).
function glm4moe(m, layers, ctx) {
    const a = m.arch, dense_layers = Math.min(m.moe.n_layer_dense, layers - 1);
    const {kv} = dense(m, layers, ctx, {});
    const tensors = ends(m, false);
    for (let i = 0; i < layers; ++i) {
        tensors.push(...attention(i, m, {bias: true, qkNorm: true}), t(`blk.${i}.post_attention_norm.weight`, m.n_embd));
        const noNorm = (x) => !x.name.endsWith("ffn_norm.weight");  // post_attention_norm is the FFN's norm
        if (i < dense_layers) { tensors.push(...ffn(i, m, m.n_ff).filter(noNorm)); continue; }
        tensors.push(...experts(i, m, m.n_ff_exp, m.n_ff_exp * m.moe.n_expert_shared).filter(noNorm),
            t(`blk.${i}.exp_probs_b.bias`, m.moe.n_expert));
    }
    // As conversion/glm.py writes GLM-4.5's config: sigmoid gating, norm_topk_prob true, routed_scaling_factor 1.
    return {kv: {...kv, ...moeKv(m, m.n_ff_exp), [`${a}.leading_dense_block_count`]: dense_layers,
        [`${a}.expert_gating_func`]: 2, [`${a}.expert_weights_norm`]: true, [`${a}.expert_weights_scale`]: {f32: 1}}, tensors};
}

// Llama 4: 3 chunked-attention layers (8192-token chunks) to 1 global, every layer MoE with one shared expert at
// interleave step 1 (src/models/llama4.cpp).
// Llama 4: routed experts every `step` layers (Scout every layer, Maverick every other; src/models/llama4.cpp
// load_arch_tensors), dense FFNs of n_ff between them.
function llama4(m, layers, ctx) {
    const {kv} = dense(m, layers, ctx, {});
    const tensors = ends(m, false), step = m.moe.n_layer_dense ? Math.round(m.n_layer / m.moe.n_layer_moe) : 1;
    for (let i = 0; i < layers; ++i)
        tensors.push(...attention(i, m), ...((i + 1) % step === 0 ? experts(i, m, m.n_ff_exp, m.n_ff_exp) : ffn(i, m, m.n_ff)));
    return {kv: {...kv, ...moeKv(m, m.n_ff_exp), [`${m.arch}.interleave_moe_layer_step`]: step}, tensors};
}

// Phi-3: one fused QKV matrix (convert_hf_to_gguf.py keeps qkv_proj as attn_qkv) and one fused gate+up matrix of
// 2 n_ff, no gate (src/models/phi3.cpp); the sliding window is ignored there.
function phi3(m, layers, ctx) {
    const {kv} = dense(m, layers, ctx, {});
    const tensors = ends(m, false), gqa = m.n_head_kv * m.n_embd_head_k;
    for (let i = 0; i < layers; ++i)
        tensors.push(t(`blk.${i}.attn_norm.weight`, m.n_embd), t(`blk.${i}.attn_qkv.weight`, m.n_embd, m.n_head * m.n_embd_head_k + 2 * gqa),
            t(`blk.${i}.attn_output.weight`, m.n_head * m.n_embd_head_v, m.n_embd),
            t(`blk.${i}.ffn_norm.weight`, m.n_embd), t(`blk.${i}.ffn_up.weight`, m.n_embd, 2 * m.n_ff),
            t(`blk.${i}.ffn_down.weight`, m.n_ff, m.n_embd));
    return {kv, tensors};
}

// Gemma 2: tied embeddings, norms after attention and FFN, every other layer a sliding window (src/models/gemma2.cpp).
function gemma2(m, layers, ctx) {
    const {kv, tensors} = gemma3(m, layers, ctx);
    return {kv, tensors: tensors.filter((x) => !/attn_[qk]_norm/.test(x.name))};
}

// Command R: tied embeddings, layer norm, attention and FFN in parallel from one norm (src/models/command-r.cpp).
function commandR(m, layers, ctx) {
    const {kv} = dense(m, layers, ctx, {});
    const tensors = ends(m, true);
    for (let i = 0; i < layers; ++i)
        tensors.push(...attention(i, m), ...ffn(i, m, m.n_ff).filter((x) => !x.name.endsWith("ffn_norm.weight")));
    return {kv, tensors};
}

// Falcon: fused QKV, layer norms with biases, a plain 2-matrix FFN (src/models/falcon.cpp).
function falcon(m, layers, ctx) {
    const {kv} = dense(m, layers, ctx, {});
    const E = m.n_embd, kvw = m.n_head_kv * m.n_embd_head_k;
    const tensors = [...ends(m, false), t("output_norm.bias", E)];
    for (let i = 0; i < layers; ++i)
        tensors.push(t(`blk.${i}.attn_norm.weight`, E), t(`blk.${i}.attn_norm.bias`, E), t(`blk.${i}.attn_norm_2.weight`, E),
            t(`blk.${i}.attn_norm_2.bias`, E), t(`blk.${i}.attn_qkv.weight`, E, E + 2 * kvw), t(`blk.${i}.attn_output.weight`, E, E),
            t(`blk.${i}.ffn_up.weight`, E, m.n_ff), t(`blk.${i}.ffn_down.weight`, m.n_ff, E));
    return {kv, tensors};
}

// Granite 4.0-H: Mamba-2 layers (head_count_kv 0) with attention every 10th layer (index 5 of a 6-layer file),
// every layer with routed + shared experts, or a dense FFN (src/models/granite-hybrid.cpp). SSM sizes from the catalog's state:
// d_inner = 2 n_embd, state_values = d_state x d_inner, conv_values = 3 x (d_inner + 2 d_state), 64-wide heads.
function graniteHybrid(m, layers, ctx) {
    const a = m.arch, E = m.n_embd, inner = 2 * E, state = m.recurrent.state_values / inner, heads = inner / 64;
    const attn = (i) => i % 10 === 5;
    const moe = (m.moe?.n_expert ?? 0) > 0;  // H-Micro: a dense FFN of n_ff
    const {kv} = dense({...m, n_ff: moe ? m.n_ff_exp : m.n_ff}, layers, ctx, {});
    if (moe) Object.assign(kv, moeKv(m, m.n_ff_exp), {[`${a}.expert_shared_feed_forward_length`]: m.n_ff_shexp});
    Object.assign(kv, {[`${a}.attention.head_count_kv`]: {u32s: [...Array(layers).keys()].map((i) => (attn(i) ? m.n_head_kv : 0))},
        [`${a}.ssm.conv_kernel`]: 4, [`${a}.ssm.inner_size`]: inner,
        [`${a}.ssm.state_size`]: state, [`${a}.ssm.time_step_rank`]: heads, [`${a}.ssm.group_count`]: 1,
        // No RoPE in hybrids (conversion/granite.py GraniteHybridModel writes rope.scaling.finetuned false), so no
        // positions input. Granite's multipliers add scale ops, which run in place (their values size nothing).
        [`${a}.rope.scaling.finetuned`]: false, [`${a}.embedding_scale`]: {f32: 12}, [`${a}.residual_scale`]: 0.22,
        [`${a}.logit_scale`]: {f32: 6}, [`${a}.attention.scale`]: 0.0078125});
    delete kv[`${a}.expert_feed_forward_length`];
    const tensors = ends(m, true), conv = inner + 2 * state;
    for (let i = 0; i < layers; ++i) {
        if (attn(i)) tensors.push(...attention(i, m));
        else tensors.push(t(`blk.${i}.attn_norm.weight`, E), t(`blk.${i}.ssm_in.weight`, E, 2 * inner + 2 * state + heads),
            t(`blk.${i}.ssm_conv1d.weight`, 4, conv), t(`blk.${i}.ssm_conv1d.bias`, conv), t(`blk.${i}.ssm_dt.bias`, heads),
            t(`blk.${i}.ssm_a`, 1, heads), t(`blk.${i}.ssm_d`, 1, heads), t(`blk.${i}.ssm_norm.weight`, inner, 1),
            t(`blk.${i}.ssm_out.weight`, inner, E));
        tensors.push(...(moe ? experts(i, m, m.n_ff_exp, m.n_ff_shexp) : ffn(i, m, m.n_ff)));
    }
    return {kv, tensors};
}

// Jamba: Mamba-1 layers (head_count_kv 0) with attention where i % 8 == 4, routed experts of width
// feed_forward_length on odd layers (src/models/jamba.cpp). SSM sizes from the catalog's state: d_inner = 2 n_embd,
// state_values = d_state x d_inner, conv_values = 3 x d_inner, dt_rank = n_embd / 16.
function jamba(m, layers, ctx) {
    const a = m.arch, E = m.n_embd, inner = 2 * E, state = m.recurrent.state_values / inner, rank = E / 16;
    const attn = (i) => i % 8 === 4;
    const {kv} = dense(m, layers, ctx, {});
    Object.assign(kv, {[`${a}.expert_count`]: m.moe.n_expert, [`${a}.expert_used_count`]: m.moe.n_expert_used,
        [`${a}.attention.head_count_kv`]: {u32s: [...Array(layers).keys()].map((i) => (attn(i) ? m.n_head_kv : 0))},
        [`${a}.ssm.conv_kernel`]: 4, [`${a}.ssm.inner_size`]: inner, [`${a}.ssm.state_size`]: state,
        [`${a}.ssm.time_step_rank`]: rank});
    const tensors = ends(m, false);
    for (let i = 0; i < layers; ++i) {
        if (attn(i)) tensors.push(...attention(i, m));
        else tensors.push(t(`blk.${i}.attn_norm.weight`, E), t(`blk.${i}.ssm_in.weight`, E, 2 * inner),
            t(`blk.${i}.ssm_conv1d.weight`, 4, inner), t(`blk.${i}.ssm_conv1d.bias`, inner),
            t(`blk.${i}.ssm_x.weight`, inner, rank + 2 * state), t(`blk.${i}.ssm_dt_norm.weight`, rank),
            t(`blk.${i}.ssm_dt.weight`, rank, inner), t(`blk.${i}.ssm_dt.bias`, inner), t(`blk.${i}.ssm_b_norm.weight`, state),
            t(`blk.${i}.ssm_c_norm.weight`, state), t(`blk.${i}.ssm_a`, state, inner), t(`blk.${i}.ssm_d`, inner),
            t(`blk.${i}.ssm_out.weight`, inner, E));
        tensors.push(...(i % 2 ? experts(i, m, m.n_ff) : ffn(i, m, m.n_ff)));
    }
    return {kv, tensors};
}

// Qwen3-Next: 3 gated-delta-net layers to 1 gated attention layer (full_attention_interval 4), attention with a
// query twice as wide (the gate) and q/k norms, every layer routed experts + one shared expert with its own gate,
// the FFN normed by post_attention_norm (src/models/qwen3next.cpp load_arch_tensors). Linear-attention sizes from
// the catalog's state with 128-wide heads (the HF config's linear_key_head_dim): d_inner = state_values / 128 value
// dims (32 value heads), conv_values = 3 x (d_inner + 2 x 128 x n_group) gives 16 key heads.
function qwen3next(m, layers, ctx) {
    const a = m.arch, E = m.n_embd, hd = 128, inner = m.recurrent.state_values / hd, vHeads = inner / hd;
    const groups = (m.recurrent.conv_values / 3 - inner) / (2 * hd), conv = 2 * groups * hd + inner;
    const attn = (i) => (i + 1) % 4 === 0;
    const {kv} = dense(m, layers, ctx, {});
    Object.assign(kv, moeKv(m, m.n_ff_exp), {[`${a}.expert_shared_feed_forward_length`]: m.n_ff_shexp,
        [`${a}.rope.dimension_count`]: m.n_embd_head_k / 4, [`${a}.ssm.conv_kernel`]: 4, [`${a}.ssm.inner_size`]: inner,
        [`${a}.ssm.state_size`]: hd, [`${a}.ssm.time_step_rank`]: vHeads, [`${a}.ssm.group_count`]: groups});
    const tensors = ends(m, false), H = m.n_head, k = m.n_embd_head_k;
    for (let i = 0; i < layers; ++i) {
        tensors.push(t(`blk.${i}.attn_norm.weight`, E), t(`blk.${i}.post_attention_norm.weight`, E));
        if (attn(i)) tensors.push(t(`blk.${i}.attn_q.weight`, E, 2 * H * k), t(`blk.${i}.attn_k.weight`, E, m.n_head_kv * k),
            t(`blk.${i}.attn_v.weight`, E, m.n_head_kv * m.n_embd_head_v), t(`blk.${i}.attn_output.weight`, H * k, E),
            t(`blk.${i}.attn_q_norm.weight`, k), t(`blk.${i}.attn_k_norm.weight`, k));
        else tensors.push(t(`blk.${i}.attn_qkv.weight`, E, conv), t(`blk.${i}.attn_gate.weight`, E, inner),
            t(`blk.${i}.ssm_conv1d.weight`, 4, conv), t(`blk.${i}.ssm_dt.bias`, vHeads), t(`blk.${i}.ssm_a`, vHeads),
            t(`blk.${i}.ssm_ba.weight`, E, 2 * vHeads), t(`blk.${i}.ssm_norm.weight`, hd), t(`blk.${i}.ssm_out.weight`, inner, E));
        tensors.push(...experts(i, m, m.n_ff_exp, m.n_ff_shexp).filter((x) => !x.name.endsWith("ffn_norm.weight")),
            t(`blk.${i}.ffn_gate_inp_shexp.weight`, E));
    }
    return {kv, tensors};
}

// MiniMax-Text-01 / M1 (llama.cpp names the architecture minimax-01): lightning (linear) attention on every layer but
// each 8th, which attends with softmax; lightning layers fuse Q, K and V and gate their output; every layer routed
// experts of width feed_forward_length (src/models/minimax-01.cpp load_arch_tensors).
function minimax01(m, layers, ctx) {
    const a = "minimax-01", E = m.n_embd, H = m.n_head * m.n_embd_head_k, n = m.moe.n_expert;
    const {kv: base} = dense({...m, n_ff: m.n_ff_exp}, layers, ctx, {});
    const kv = Object.fromEntries(Object.entries(base).map(([k, v]) => [k.replace(`${m.arch}.`, `${a}.`), v]));
    Object.assign(kv, {"general.architecture": a, [`${a}.residual_scale`]: {f32: 1.0}, [`${a}.expert_count`]: n,
        [`${a}.expert_used_count`]: m.moe.n_expert_used, [`${a}.rope.dimension_count`]: m.n_embd_head_k / 2});
    const tensors = ends(m, false);
    for (let i = 0; i < layers; ++i) {
        tensors.push(t(`blk.${i}.attn_norm.weight`, E), t(`blk.${i}.attn_output.weight`, H, E));
        if ((i + 1) % 8 === 0) tensors.push(t(`blk.${i}.attn_q.weight`, E, H), t(`blk.${i}.attn_k.weight`, E, m.n_head_kv * m.n_embd_head_k),
            t(`blk.${i}.attn_v.weight`, E, m.n_head_kv * m.n_embd_head_v));
        else tensors.push(t(`blk.${i}.attn_norm_2.weight`, H), t(`blk.${i}.attn_qkv.weight`, E, 3 * H), t(`blk.${i}.attn_gate.weight`, E, H));
        tensors.push(...experts(i, m, m.n_ff_exp));
    }
    return {kv, tensors};
}

export function build(m, layers, ctx) {
    switch (m.arch) {
        case "llama": return m.moe?.n_expert ? llamaMoe(m, layers, ctx) : dense(m, layers, ctx, {});
        case "qwen3moe": return qwen3moe(m, layers, ctx);
        case "glm4moe": return glm4moe(m, layers, ctx);
        case "llama4": return llama4(m, layers, ctx);
        case "phi3": return phi3(m, layers, ctx);
        case "gemma2": return gemma2(m, layers, ctx);
        case "command-r": return commandR(m, layers, ctx);
        case "falcon": return falcon(m, layers, ctx);
        case "granitehybrid": return graniteHybrid(m, layers, ctx);
        case "jamba": return jamba(m, layers, ctx);
        case "qwen3next": return qwen3next(m, layers, ctx);
        case "minimax": return minimax01(m, layers, ctx);
        case "qwen2": return dense(m, layers, ctx, {bias: true});
        case "qwen3": return dense(m, layers, ctx, {qkNorm: true});
        case "deepseek2": return deepseek2(m, layers, ctx);
        case "gpt-oss": return gptOss(m, layers, ctx);
        case "gemma3": return gemma3(m, layers, ctx);
        default: throw new Error(`no tensor table for arch ${m.arch}`);
    }
}

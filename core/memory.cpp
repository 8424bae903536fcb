#include "memory.h"

#include <algorithm>
#include <cmath>

#include "llama_graphs.h"

namespace contextfit {
namespace {

constexpr uint64_t f32 = 4;
constexpr uint64_t f16 = 2;

// Values per token of the FFN phase. Dense: gate and up outputs, their product, and 4 rows of n_embd around them
// (Mistral 7B: 512 x (3 x 14336 + 4 x 4096) x 4 B = 116 MiB, + the 4 MiB mask = the 120.01 MiB logged). Three rows
// are live (the input embeddings, the residual, the normed input); the fourth is the hole the first layer's
// attention norm leaves, freed after the K and V projections and too small for the FFN's tensors (ggml-alloc's
// trace of Mixtral 8x7B's reserve). A hybrid's first layer is recurrent and leaves no such hole: Jamba 1.5 Mini's
// peak, in its first MoE layer after a Mamba layer, holds the three live rows (224.08 MiB at 32768 cells = 512 x
// (3 x 2 x 14336 + 3 x 4096) x 4 B + the 32 MiB mask; both traced with llama.cpp v0.5.0's ggml-alloc.c built with
// its AT_PRINTF log, through node-llama-cpp 3.22.1).
// MoE: the same for the routed experts' widths together, the largest layer's FFN counting (a dense lead layer may
// be wider). A Mixtral GGUF has no expert_feed_forward_length: its feed_forward_length is the expert width
// (src/models/llama.cpp load_arch_tensors); Mixtral 8x7B at 32768 cells: 512 x (3 x 2 x 14336 + 4 x 4096) x 4 B
// = 200 MiB + the 32 MiB mask = the 232.01 MiB logged.
// Falcon's FFN has no gate (src/models/falcon.cpp: ffn_up, GELU, ffn_down): the up output, its GELU and the
// down output; Falcon 180B at 2048 cells: 512 x (2 x 59392 + 14848) x 4 B = 261 MiB + the 2 MiB mask = the
// 263.01 MiB logged.
uint64_t ffn_values(const ModelSpec& m) {
    if (m.arch == "falcon") return 2 * uint64_t{m.n_ff} + m.n_embd;
    const uint64_t n_ff_exp = m.n_ff_exp ? m.n_ff_exp : m.n_ff;
    const uint64_t routed = m.moe.n_expert ? n_ff_exp * std::max<uint32_t>(m.moe.n_expert_used, 1) : 0;
    const uint64_t rows = m.recurrent.n_layer > 0 ? 3 : 4;
    return 3 * std::max<uint64_t>(m.n_ff, routed) + rows * m.n_embd;
}

// Values per token of the attention phase, apart from the KQ scores. MLA (summed only where llama_graphs.cpp
// does not replay it) as llama.cpp v0.5.0 runs it (absorbed:
// src/models/deepseek2.cpp multiplies q_nope by wk_b and attends in the kv_lora_rank latent space): the query
// (n_head x (nope + rope)), its nope part made contiguous, the absorbed query (n_head x (rank + rope)), the
// latent attention output (n_head x rank) and the residual stream; DeepSeek-V3: 208896 values = 408 MiB at
// ubatch 512, the compute buffer logged (412.01 MiB with the 4 MiB mask). Other attention with flash attention:
// Q, K, V, the output and the residual stream, about 5 x n_embd.
// Without flash attention the scores go above three rows of n_embd (the unused embeddings input, the residual,
// the normed input), the query and its RoPE copy (n_head x head_dim each), and V's cache indices: V is stored
// transposed, one 8-byte index per value, n_embd_v_gqa x 8 B a token, live until the last layer (ggml-alloc's
// trace of Llama 2 7B; llama.cpp v0.5.0 printed 308.01 MiB for Llama 3.1 8B and 320.01 for Llama 2 7B at 4096
// cells, 306.01 for Phi-3-mini, 632.01 for Command-R: each 256 or 512 MiB of scores + the 8 MiB mask + this).
// Falcon's fused QKV leaves no query copies below them (322.01 and 1953.01 MiB at 512 and 4096 cells).
uint64_t attention_values(const ModelSpec& m, bool flash_attn) {
    if (!m.is_mla && !flash_attn) {
        const uint64_t query = m.arch == "falcon" ? 0 : 2 * uint64_t{m.n_head} * m.n_embd_head_k;
        return 3 * uint64_t{m.n_embd} + query + 2 * uint64_t{m.n_head_kv} * m.n_embd_head_v;
    }
    if (!m.is_mla) return 5 * uint64_t{m.n_embd};
    const uint64_t heads = m.n_head, rank = m.mla.kv_lora_rank, rope = m.mla.qk_rope_head_dim,
                   nope = m.mla.qk_nope_head_dim;
    return heads * (nope + rope) + heads * nope + heads * (rank + rope) + heads * rank + 4 * uint64_t{m.n_embd};
}

// Bytes of a lightning-attention layer's phase (MiniMax-01, src/models/minimax-01.cpp): the diagonal decay, an
// n_ubatch x n_ubatch x n_head f32 graph input (the reserve runs one sequence, src/llama-context.cpp
// TAG_RESERVE_DIAG_DECAY), its exponential and the masked q k scores, three such squares; beside them Q, K, V, the
// output gate and their products (7 x n_head x head_dim), the residual and three per-head decay rows per token.
// MiniMax-Text-01 (6144 wide, 64 heads of 128), llama.cpp v0.5.0 at 4096 cells: 1024.78 MiB at n_ubatch 1024
// (768 + 248.77 + the 8 MiB mask) and 3585.56 at 2048 (3072 + 497.55 + 16); at 512 the logits phase is larger.
uint64_t lightning_bytes(const ModelSpec& m, uint64_t ub) {
    if (m.recurrent.kind != "lightning_attention" || m.recurrent.n_layer == 0) return 0;
    const uint64_t heads = m.n_head;
    const uint64_t per_token = 7 * heads * m.n_embd_head_k + m.n_embd + 3 * heads;
    return (3 * heads * ub * ub + per_token * ub) * f32;
}

// Values per token live below the logits when ggml-alloc places them above the last layer's tensors (the last
// free block starts after the tensors still in use): the output norm and the residual, for dense models and for MoE
// models with routed experts only (Llama 3.1 8B: 512 x (128256 + 2 x 4096) x 4 B = 266.50 MiB; Qwen3 30B-A3B
// 304.75 MiB = 512 x (151936 + 2 x 2048) x 4 B; MiniMax-Text-01 414.75 MiB = 512 x (200064 + 2 x 6144) x 4 B).
// A shared expert's output, added beside the routed ones, is one more row (Granite 4.0-H-Tiny 205.00 MiB,
// Qwen3-Next). DeepSeek-V2-Lite's last MoE layer, from 4096 cells, also leaves its routed experts' outputs and two
// router rows there (240.26 MiB = 512 x (102400 + (6 + 4) x 2048 + 2 x 64) x 4 B; used only where llama_graphs.cpp
// does not replay DeepSeek). All logged by llama.cpp v0.5.0 through node-llama-cpp 3.22.1.
uint64_t values_below_logits(const ModelSpec& m) {
    const bool moe = m.moe.n_expert > 0;
    if (moe && m.is_mla) return (uint64_t{m.moe.n_expert_used} + 4) * m.n_embd + 2 * uint64_t{m.moe.n_expert};
    const bool extra_row = moe && (m.moe.n_expert_shared > 0 || m.n_ff_shexp > 0);
    return (extra_row ? 3 : 2) * uint64_t{m.n_embd};
}

// Where the graphs are not replayed (Phi-3 with a quantized cache; Qwen3-Next with a quantized K without flash
// attention), Phi-3's and Qwen3-Next's logits go above the KQ mask and the residual, never in the layer phase's
// hole, even when they would fit there (Phi-3 with separate Q, K, V matrices, as test files had them: Phi-3-mini at
// 4096 cells 62.63 MiB logits + 12 + 4 = 78.64 MiB; Phi-4 at 16384 cells: 196 + 20 + 16 = 232.01 MiB; unquantized
// Phi-3 caches are replayed with the fused QKV of real files, llama_graphs.cpp; Qwen3-Next 80B-A3B: 296.75 MiB logits +
// 3 x n_embd (12 MiB) + the mask, 312.76 MiB at 4096 cells and 340.76 at 32768; all logged by llama.cpp v0.5.0
// through node-llama-cpp 3.22.1). Llama-style graphs free the mask first. Measured, not traced through ggml-alloc.c.
bool logits_above_mask(const ModelSpec& m) { return m.arch == "phi3" || m.arch == "qwen3next"; }

bool quantized(KvType t) { return kv_type_info(t).block_size > 1; }

// The compute buffer is the peak of ggml-alloc's graph allocator (ggml/src/ggml-alloc.c frees a tensor after its
// last use, so the peak is the largest phase, not a sum), reserved for one ubatch (src/llama-context.cpp
// graph_reserve). Every catalog architecture is replayed above, with any cache type; what a replay does not cover
// (Falcon 7B; a quantized K alone without flash attention on the Llama, Qwen, Phi, GLM, gpt-oss, Qwen3-Next and
// MiniMax graphs, or with a rotation on Phi-3 and Falcon; several sequences on MiniMax-01; a file whose layer
// pattern differs from its model's) is summed by phases, in bytes for n_ubatch tokens:
//   a layer   the KQ mask (src/llama-graph.cpp build_attn_inp_kv: self_kq_mask, n_kv x n_ubatch f32, cast to f16
//             as self_kq_mask_cnv for flash attention) + the largest of the FFN, attention and lightning-attention
//             phases; without flash attention the attention phase also holds the f32 KQ scores, n_head x n_kv x
//             n_ubatch (build_attn_mha);
//   logits    n_vocab x n_ubatch f32, after the last layer (the mask is freed by then). They reuse the hole the
//             layer phase left when they fit in it (Llama 2 7B, DeepSeek-V3), else they go above what is still
//             live (values_below_logits).
// A quantized cache with flash attention adds an n_embd x n_ubatch f32 buffer (Llama 3.1 8B at 32768 cells, q8_0
// or q4_0: 274.50 vs 266.50 MiB, measured with node-llama-cpp 3.22.1; at 4096 cells llama.cpp fits it below the
// logits and prints 266.50, so this errs high there by 3 %): the Hadamard rotations of Q, K and V that llama.cpp
// applies to a quantized cache leave rotated copies. The replays above follow them exactly where they were traced.
uint64_t llama_cpp_compute(const ModelSpec& m, const KvSize& kv, const RuntimeOptions& o) {
    if (const uint64_t replayed = replayed_compute_bytes(m, kv, o)) return replayed;
    const uint64_t cells = kv.cells;
    const uint64_t ub = o.kv.n_ubatch;
    const uint64_t mask = cells * ub * (o.flash_attn ? f16 : f32);
    const uint64_t scores = o.flash_attn ? 0 : uint64_t{m.n_head} * cells * ub * f32;
    const uint64_t hole = std::max({ffn_values(m) * ub * f32, attention_values(m, o.flash_attn) * ub * f32 + scores,
                                    lightning_bytes(m, ub)});
    const uint64_t logits = uint64_t{m.n_vocab} * ub * f32;
    const bool above_mask = logits_above_mask(m);
    const uint64_t under = values_below_logits(m) * ub * f32 + (above_mask ? mask : 0);
    const uint64_t peak = logits <= hole && !above_mask ? mask + hole : std::max(mask + hole, logits + under);
    const bool converts = o.flash_attn && (quantized(o.kv.type_k) || quantized(o.kv.type_v));
    return peak + (converts ? uint64_t{m.n_embd} * ub * f32 : 0);
}

uint64_t vllm_activation(const ModelSpec& m, const RuntimeOptions& o) {
    return static_cast<uint64_t>(std::llround(26.8 * m.n_embd * static_cast<double>(o.max_num_batched_tokens)));
}

constexpr uint64_t vllm_non_torch = static_cast<uint64_t>(0.35 * (1u << 30));

}  // namespace

MemoryBreakdown memory_at(const ModelSpec& m, uint64_t weights, uint64_t ctx, const RuntimeOptions& options) {
    RuntimeOptions o = options;
    // llama.cpp caps n_batch, and so n_ubatch, at the context it is asked for, all sequences together
    // (src/llama-context.cpp, before the context is padded): a 300-token context reserves a 300-token ubatch.
    const uint64_t asked = ctx * std::max<uint32_t>(o.kv.n_seq, 1);
    if (o.kv.runtime == Runtime::llama_cpp && asked > 0 && asked < o.kv.n_ubatch)
        o.kv.n_ubatch = static_cast<uint32_t>(asked);
    MemoryBreakdown b;
    b.weights_bytes = weights;
    b.kv = kv_size(m, ctx, o.kv);
    switch (o.kv.runtime) {
        case Runtime::theory: break;
        case Runtime::llama_cpp:
            // The mask spans every cell of all sequence streams the ubatch may attend to (one stream per
            // sequence with kv_unified = false: the largest is one sequence's cells).
            b.compute_bytes = llama_cpp_compute(m, b.kv, o);
            b.output_bytes = uint64_t{m.n_vocab} * f32 * std::max<uint32_t>(o.kv.n_seq, 1);
            break;
        case Runtime::vllm:
            b.compute_bytes = vllm_activation(m, o);
            b.runtime_bytes = vllm_non_torch + o.cuda_graph_bytes;
            break;
    }
    return b;
}

uint64_t usable_bytes(uint64_t ram, uint64_t reserve, const RuntimeOptions& o) {
    if (reserve >= ram) return 0;
    const uint64_t left = ram - reserve;
    if (o.kv.runtime != Runtime::vllm) return left;
    return static_cast<uint64_t>(std::floor(static_cast<double>(left) * o.gpu_memory_utilization));
}

uint64_t ram_for_usable(uint64_t need, uint64_t reserve, const RuntimeOptions& o) {
    if (o.kv.runtime != Runtime::vllm || o.gpu_memory_utilization <= 0) return need + reserve;
    return static_cast<uint64_t>(std::ceil(static_cast<double>(need) / o.gpu_memory_utilization)) + reserve;
}

}  // namespace contextfit

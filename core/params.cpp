#include "params.h"

namespace contextfit {
namespace {

struct ArchTraits {
    bool qkv_bias = false;      // Qwen2: q, k, v projections carry a bias
    bool qk_norm = false;       // Qwen3, Gemma 3: RMSNorm over each head's q and k (n_embd_head_k each)
    int norms_per_layer = 2;    // attention + FFN norm; Gemma 2/3 add post-norms (4)
    bool norm_bias = false;     // LayerNorm with bias (Falcon)
    bool plain_ffn = false;     // 2-matrix MLP (Falcon)
    bool all_bias = false;      // gpt-oss: every projection and expert has a bias, plus per-head sinks
};

ArchTraits traits_of(const std::string& arch) {
    ArchTraits t;
    if (arch == "qwen2" || arch == "glm4moe") t.qkv_bias = true;
    if (arch == "qwen3" || arch == "qwen3moe") t.qk_norm = true;
    if (arch == "gemma2") t.norms_per_layer = 4;
    if (arch == "gemma3") { t.norms_per_layer = 4; t.qk_norm = true; }
    if (arch == "falcon") { t.norm_bias = true; t.plain_ffn = true; }
    if (arch == "gpt-oss") t.all_bias = true;
    if (arch == "command-r") t.norms_per_layer = 1;  // one LayerNorm feeds attention and FFN in parallel
    return t;
}

uint64_t ffn(uint64_t n_embd, uint64_t n_ff, const ArchTraits& t) {
    const uint64_t matrices = t.plain_ffn ? 2 : 3;
    uint64_t p = matrices * n_embd * n_ff;
    if (t.all_bias) p += 2 * n_ff + n_embd;  // gate_up bias (2 n_ff) + down bias
    if (t.plain_ffn && t.norm_bias) p += n_ff + n_embd;
    return p;
}

uint64_t attention(const ModelSpec& m, const ArchTraits& t) {
    const uint64_t e = m.n_embd;
    if (m.is_mla) {
        const uint64_t qk_head = m.mla.qk_nope_head_dim + m.mla.qk_rope_head_dim;
        uint64_t q = m.mla.q_lora_rank ? e * m.mla.q_lora_rank + m.mla.q_lora_rank + m.mla.q_lora_rank * m.n_head * qk_head
                                       : e * m.n_head * qk_head;
        const uint64_t kv = e * (m.mla.kv_lora_rank + m.mla.qk_rope_head_dim) + m.mla.kv_lora_rank +
                            uint64_t{m.mla.kv_lora_rank} * m.n_head * (m.mla.qk_nope_head_dim + m.mla.v_head_dim);
        const uint64_t o = uint64_t{m.n_head} * m.mla.v_head_dim * e;
        return q + kv + o;
    }
    const uint64_t q = uint64_t{m.n_head} * m.n_embd_head_k;
    const uint64_t k = uint64_t{m.n_head_kv} * m.n_embd_head_k;
    const uint64_t v = uint64_t{m.n_head_kv} * m.n_embd_head_v;
    const uint64_t o = uint64_t{m.n_head} * m.n_embd_head_v;
    uint64_t p = e * (q + k + v) + o * e;
    if (t.qkv_bias || t.all_bias) p += q + k + v;
    if (t.all_bias) p += e + m.n_head;  // output bias + attention sinks
    if (t.qk_norm) p += 2 * uint64_t{m.n_embd_head_k};
    return p;
}

}  // namespace

Result<ParamCount> count_params(const ModelSpec& m) {
    if (m.recurrent.n_layer > 0)
        return make_error(ErrorCode::unknown_name, m.id + ": recurrent layers are not counted");
    const bool moe = m.moe.n_expert > 0;
    if (m.n_vocab == 0 || (m.n_ff == 0 && (!moe || m.moe.n_layer_dense > 0)) || (moe && m.n_ff_exp == 0))
        return make_error(ErrorCode::unknown_name, m.id + ": FFN or vocabulary width unknown");

    const ArchTraits t = traits_of(m.arch);
    const uint64_t e = m.n_embd;
    const uint64_t norm = t.norm_bias ? 2 * e : e;

    ParamCount c;
    c.embedding = uint64_t{m.n_vocab} * e * (m.tie_word_embeddings ? 1 : 2);
    const uint64_t per_layer_common = attention(m, t) + t.norms_per_layer * norm;
    const uint32_t n_dense = moe ? m.moe.n_layer_dense : m.n_layer;
    const uint32_t n_moe = moe ? m.n_layer - n_dense : 0;

    const uint64_t dense_ffn = ffn(e, m.n_ff, t);
    const uint64_t expert = moe ? ffn(e, m.n_ff_exp, t) : 0;
    // n_ff_shexp is the width of all shared experts together, as llama.cpp reads it (deepseek2:
    // n_ff_shexp = n_ff_exp x n_expert_shared); without it each shared expert is one n_ff_exp FFN.
    const uint64_t shared = !moe ? 0
                            : m.n_ff_shexp ? ffn(e, m.n_ff_shexp, t)
                                           : m.moe.n_expert_shared * ffn(e, m.n_ff_exp, t);
    const uint64_t router = moe ? e * m.moe.n_expert + (t.all_bias ? m.moe.n_expert : 0) : 0;

    const uint64_t fixed = c.embedding + norm /* final norm */ + uint64_t{m.n_layer} * per_layer_common +
                           n_dense * dense_ffn + n_moe * (router + shared);
    c.total = fixed + uint64_t{n_moe} * m.moe.n_expert * expert;
    c.layer_dense = per_layer_common + dense_ffn;
    c.layer_moe = moe ? per_layer_common + router + shared : 0;
    c.layer_experts = moe ? uint64_t{m.moe.n_expert} * expert : 0;
    // The input embedding is a table lookup, not compute: vendors leave it out of "active" (gpt-oss-120b card:
    // 5.13B active of 116.83B, which counts the output matrix but not the input table).
    c.active = fixed - uint64_t{m.n_vocab} * e + uint64_t{n_moe} * m.moe.n_expert_used * expert;
    return c;
}

}  // namespace contextfit

// ModelSpec: the architecture facts the memory model needs, named as llama.cpp names them
// (src/llama-hparams.h: n_layer, n_head_kv, n_embd_head_k …) so the two compare by eye.
//
// Layers are described by counts, not per-layer arrays: every model in the catalog is a repetition of a few
// layer kinds, and counts keep the solver O(1) per estimate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace contextfit {

enum class LocalAttention { none, sliding, chunked };

struct MlaSpec {
    uint32_t kv_lora_rank = 0;       // latent width cached per token and layer (DeepSeek-V2/V3: 512)
    uint32_t qk_rope_head_dim = 0;   // decoupled RoPE key cached beside it (64)
    uint32_t qk_nope_head_dim = 0;   // per-head K width when expanded (128): only naive engines cache it
    uint32_t v_head_dim = 0;         // per-head V width when expanded (128)
    uint32_t q_lora_rank = 0;        // 0 when queries are not compressed (DeepSeek-V2-Lite)
};

struct RecurrentSpec {
    std::string kind;                // mamba1, mamba2, gated_deltanet, lightning_attention
    uint32_t n_layer = 0;            // layers holding a fixed state instead of a KV cache
    uint64_t state_values = 0;       // SSM / linear-attention state per layer and sequence
    uint64_t conv_values = 0;        // convolution state per layer and sequence (d_conv - 1 columns)
};

struct MoeSpec {
    uint32_t n_expert = 0;
    uint32_t n_expert_shared = 0;
    uint32_t n_expert_used = 0;
    uint32_t n_layer_moe = 0;
    uint32_t n_layer_dense = 0;
};

struct ModelSpec {
    std::string id;
    std::string display_name;
    std::string family;
    std::string developer;
    std::string arch;                // llama.cpp architecture name (general.architecture)
    std::string tokenizer;           // tokenizer family id in assets/text.json

    uint32_t n_layer = 0;            // all blocks
    uint32_t n_embd = 0;
    uint32_t n_head = 0;
    uint32_t n_head_kv = 0;
    uint32_t n_embd_head_k = 0;
    uint32_t n_embd_head_v = 0;
    uint32_t n_vocab = 0;
    bool tie_word_embeddings = false;
    uint32_t n_ff = 0;               // dense FFN width; 0 when not known (then parameters stay nominal)
    uint32_t n_ff_exp = 0;           // per routed expert FFN width (MoE)
    uint32_t n_ff_shexp = 0;         // shared expert FFN width (MoE), if it differs from n_ff_exp

    // Attention layout. n_layer_full + n_layer_swa + recurrent.n_layer == n_layer.
    std::string attention_kind;      // mha, gqa, mqa, mla, hybrid (as the catalog labels it)
    uint32_t n_layer_full = 0;       // layers attending to the whole context
    uint32_t n_layer_swa = 0;        // layers attending to a window or chunk of n_swa tokens
    uint32_t n_swa = 0;
    LocalAttention swa_type = LocalAttention::none;
    bool swa_in_llama_cpp = false;   // llama.cpp shrinks these layers' cache (false: Phi-3, Mistral 7B v0.1)
    bool is_mla = false;
    MlaSpec mla;
    RecurrentSpec recurrent;
    MoeSpec moe;

    // Context. n_ctx_train is the config's max_position_embeddings (llama.cpp's n_ctx_train);
    // n_ctx_advertised is the vendor's stated context; the solver caps at n_ctx_limit, chosen in the catalog.
    uint64_t n_ctx_train = 0;
    uint64_t n_ctx_advertised = 0;
    uint64_t n_ctx_limit = 0;
    std::string context_note;

    // Parameters: exact when computed from dimensions, else the vendor's nominal figure.
    uint64_t n_params = 0;
    uint64_t n_params_active = 0;    // MoE: parameters used per token; equals n_params for dense models
    uint64_t n_params_embedding = 0; // token embedding + untied output matrix (kept at 16 bit by GPTQ/AWQ/MXFP4)
    bool params_exact = false;
    std::string params_note;

    bool verified = false;
    std::string verification;
    std::vector<std::string> sources;
    std::string notes;
};

}  // namespace contextfit

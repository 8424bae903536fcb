// Architecture fields: a model read from a file (GGUF header, config.json), carried in a share link's arch=
// value as the fields the estimate needs, never the file.
//
// Fields joined by '.', each a lowercase tag and a decimal whole number, so the value needs no escapes:
//   arch=l32.e4096.h32.kv8.dk128.dv128.voc128256.ff14336.lf32.ctx131072.p8030261248.pe1050673152.px1.w4517937152
// Required: l n_layer, e n_embd, h n_head, kv n_head_kv, dk n_embd_head_k, dv n_embd_head_v, ctx n_ctx_limit,
// p n_params. Optional (0 when absent): voc n_vocab, ff n_ff, ffe n_ff_exp, x n_expert, xu n_expert_used,
// lf n_layer_full (default l - ls - rl), ls n_layer_swa, swa n_swa, st swa type (0 none, 1 sliding, 2 chunked),
// sl swa_in_llama_cpp (0/1), mla kv_lora_rank, mr qk_rope_head_dim, mn qk_nope_head_dim, mv v_head_dim,
// mq q_lora_rank (mla > 0 makes the model MLA), rk recurrent kind (1 mamba1, 2 mamba2, 3 gated_deltanet,
// 4 lightning_attention, 5 shortconv), rl recurrent layers, rs state values, rc conv values, pa n_params_active,
// pe n_params_embedding, px params_exact (0/1), w the weights' bytes (a GGUF tensor table; 0: from the format).
// Each tag at most once, each number in the tag's range (core/limits.h); the model must pass validate_model().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model.h"
#include "result.h"

namespace contextfit {

// The id a model from a file or a link goes by; it has no display name until the link's name= or the file
// gives one (a shell shows its own words for "your model").
inline constexpr const char* arch_model_id = "your-model";

struct ArchFields {
    ModelSpec model;             // id arch_model_id, display_name empty
    uint64_t weights_bytes = 0;  // 0: weights from the format's bits per weight
};

std::string encode_arch(const ModelSpec& model, uint64_t weights_bytes);
// Errors name the tag, the value seen and the accepted range ("kv=0: n_head_kv must be a whole number from 1
// to 16777216").
Result<ArchFields> decode_arch(std::string_view text);

}  // namespace contextfit

// Parameter count from the architecture's dimensions, since a nominal "8B" is often 8.03B and a
// catalog or config.json carries no weights.
//
// Counted per layer, as the tensors are laid out in llama.cpp (src/llama-model.cpp, tensor creation per arch):
//   attention   Wq n_embd x (n_head*n_embd_head_k), Wk/Wv n_embd x (n_head_kv*head dim), Wo (n_head*n_embd_head_v) x n_embd
//   MLA         Wq_a n_embd x q_lora, Wq_b q_lora x n_head*(nope+rope) (or Wq n_embd x n_head*(nope+rope) without q_lora),
//               Wkv_a n_embd x (kv_lora+rope), Wkv_b kv_lora x n_head*(nope+v), Wo n_head*v x n_embd
//   FFN         gated (SwiGLU/GeGLU) 3 x n_embd x n_ff; Falcon's plain GELU MLP 2 x n_embd x n_ff
//   MoE layer   router n_embd x n_expert + n_expert routed FFNs of n_ff_exp + shared FFNs of n_ff_shexp
//   plus token embedding n_vocab x n_embd, an untied output matrix of the same size, norms and the biases of
//   architectures that have them (Qwen2 q/k/v bias, gpt-oss biases and sinks).
// Recurrent (Mamba, DeltaNet, lightning) layers are not counted: such models keep the vendor's figure.
#pragma once

#include <cstdint>

#include "model.h"
#include "result.h"

namespace contextfit {

struct ParamCount {
    uint64_t total = 0;
    uint64_t active = 0;      // per token: all but the routed experts not chosen and the input embedding table
    uint64_t embedding = 0;   // token embedding + untied output matrix
    // Per layer, for placing layers on devices (llama.cpp assigns whole blocks: src/llama-model.cpp load_tensors)
    uint64_t layer_dense = 0;    // one dense block: attention, norms, FFN
    uint64_t layer_moe = 0;      // one MoE block without its routed experts: attention, norms, router, shared experts
    uint64_t layer_experts = 0;  // the routed experts of one MoE block (llama.cpp's ffn_*_exps tensors)
};

// An error (unknown_name) when the model lacks a dimension the count needs or has layers it cannot count.
Result<ParamCount> count_params(const ModelSpec& model);

}  // namespace contextfit

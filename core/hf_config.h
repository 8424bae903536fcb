// Hugging Face config.json -> ModelSpec, for a model no catalog has yet.
//
// What is read (transformers' configuration_<type>.py names; nested "text_config" wins over the top level):
//   model_type                      picks the llama.cpp arch, defaults and layer rules; unknown types are read
//                                   from the standard fields (or the class in "architectures") with warnings
//   num_hidden_layers hidden_size num_attention_heads num_key_value_heads head_dim vocab_size
//   intermediate_size max_position_embeddings tie_word_embeddings          (Falcon: n_layer n_head num_kv_heads)
//   layer kinds, first rule present wins:
//     layer_types[]                 full_attention | sliding_attention | chunked_attention | linear_attention | mamba
//     layers_block_type[]           attention | mamba                                   (Jamba, Nemotron-style)
//     attn_type_list[]              1 softmax attention, 0 linear attention                        (MiniMax)
//     attn_layer_period/offset      attention where i % period == offset, Mamba elsewhere           (Jamba)
//     full_attention_interval       attention where (i+1) % interval == 0, Gated DeltaNet elsewhere (Qwen3-Next)
//     sliding_window_pattern        global where (i+1) % pattern == 0, sliding elsewhere       (Gemma 3, Cohere2)
//     gemma2: even layers slide; mistral: every layer slides when sliding_window is set
//   MLA (kv_lora_rank, q_lora_rank, qk_rope_head_dim, qk_nope_head_dim, v_head_dim), experts (num_local_experts |
//   num_experts | n_routed_experts, num_experts_per_tok, moe_intermediate_size, shared experts, first_k_dense_replace,
//   moe_layer_freq, decoder_sparse_step, mlp_only_layers, expert_layer_period/offset) and recurrent state sizes
//   (mamba_*, linear_*).
// Mapping follows scripts/import-catalog, so a config gives the same ModelSpec as its assets/models.json record:
// Phi-3's sliding_window is dropped (runtimes ignore it), Mistral's window is not used by llama.cpp
// (swa_in_llama_cpp false), n_ctx_train = n_ctx_advertised = n_ctx_limit = max_position_embeddings.
//
// Hostile input: text over max_hf_config_bytes or nested deeper than max_hf_config_depth is refused before
// parsing (nlohmann's parser recurses); each dimension must be a whole number in its range, so NaN, negatives,
// fractions, strings and absurd sizes are errors that name the field.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "result.h"
#include "ui_text.h"

namespace contextfit {

inline constexpr size_t max_hf_config_bytes = size_t{1} << 20;  // real configs are 1-60 KB
inline constexpr int max_hf_config_depth = 32;                  // real configs nest 3-4 levels

struct HfConfig {
    ModelSpec model;
    std::vector<Message> warnings;  // every assumption made (defaults, ignored fields, unknown type): config_note_*
};

// Reads a config.json text. `id` becomes ModelSpec::id (and the display name when the config has none).
Result<HfConfig> parse_hf_config(std::string_view text, std::string_view id = "config");

// The model_type values read with their own rules, for help texts: "llama, mistral, …".
const char* supported_hf_model_types();

}  // namespace contextfit

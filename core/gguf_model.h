// The model a GGUF header describes: the file's metadata keys and tensor table mapped to a ModelSpec, the way
// llama.cpp's loader reads them (src/llama-model.cpp load_hparams, src/llama-model-loader.cpp get_key_or_arr).
//
// Mapping (keys are "<general.architecture>.<suffix>", gguf-py/gguf/constants.py Keys.LLM and Keys.Attention):
//   block_count, embedding_length, feed_forward_length (scalar or per layer), expert_*      -> sizes, MoE
//   context_length, rope.scaling.*                                                         -> trained context
//   attention.head_count[_kv] (scalar or per layer), key_length, value_length, *_mla keys   -> heads, MLA
//   attention.sliding_window[_pattern] and the per-architecture period table               -> SWA layers
//   full_attention_interval, ssm.*, shortconv.l_cache                                       -> recurrent layers
//   vocab_size, tokenizer.ggml.{tokens,pre,model}, token_embd.weight rows                    -> vocabulary, tokenizer
//   the tensor table of every split part (split.no, split.count, split.tensors.count)      -> parameters, weights
// The result passes validate_model() (core/catalog.h), the same bounds as the catalog's models.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gguf.h"
#include "model.h"
#include "result.h"
#include "ui_text.h"

namespace contextfit {

struct GgufModel {
    ModelSpec spec;                   // passes validate_model()
    uint64_t weights_bytes = 0;       // all tensors, all split parts
    uint64_t n_tensors = 0;
    uint32_t file_type = 0;
    std::string file_type_name;       // "Q4_K_M" … (general.file_type); "unknown" when absent
    std::string weights_id;           // the assets/weight-formats.json id closest to it ("q4_k_m"), or empty
    uint32_t n_parts = 1;
    std::vector<Message> notes;       // what was assumed (strings.json gguf_note_*; ui_text.h phrased())
};

// llama.cpp's llama_ftype name for general.file_type ("Q4_K_M"); "unknown (N)" for others.
std::string gguf_file_type_name(uint32_t file_type);

// One file or all parts of a split model (any order). Reads the architecture from the first part.
Result<GgufModel> gguf_model(const std::vector<GgufFile>& parts);

}  // namespace contextfit

// The bounds every input must lie in, in one place: a model from the catalog, a GGUF header, a config.json or a
// share link passes the same validate_model(), and a request the same estimate() checks.
//
// They are sanity bounds, far above every real model (DeepSeek-V3: 61 layers, n_embd 7168, vocabulary 129 280;
// the longest trained context in the catalog is 10 M tokens), so a hostile file or link cannot make the solver
// multiply huge numbers, yet no real model is refused.
#pragma once

#include <cstdint>

namespace contextfit {

inline constexpr uint32_t max_n_layer = 4096;                // blocks of one model
inline constexpr uint32_t max_model_dim = 1u << 24;          // n_embd, n_ff, n_vocab, head counts and widths, ranks
inline constexpr uint64_t max_n_ctx = uint64_t{1} << 34;     // a context length (16 G tokens)
inline constexpr uint64_t max_state_values = uint64_t{1} << 40;  // recurrent state of one layer and sequence
inline constexpr uint32_t max_n_expert = 1u << 16;           // experts of one MoE layer (DeepSeek-V3: 256)

inline constexpr uint32_t max_seqs = 4096;                   // parallel sequences of one request
inline constexpr uint32_t max_ubatch = 65536;                // llama.cpp's n_ubatch

}  // namespace contextfit

// llama.cpp's compute buffer, replayed: each catalog architecture's reservation graph (src/llama-context.cpp
// graph_reserve: one ubatch through the whole model) as the sequence of tensors llama.cpp v0.5.0 allocates and frees,
// placed by a copy of ggml-alloc's best fit (graph_alloc.h). The buffer is the highest end any tensor reached, which
// depends on the holes earlier tensors leave, so no sum of live tensors gives it everywhere. Each event script was
// read off ggml-alloc.c's AT_PRINTF log of the engine's reserve (tests/engine/alloc-trace), and every figure it was
// checked at matches the engine's to the byte (docs/accuracy.md).
#pragma once

#include <cstdint>

#include "kv_cache.h"
#include "memory.h"
#include "model.h"

namespace contextfit {

// The compute buffer llama.cpp reserves for `kv` (its cells) with these options, in bytes; 0 when no replay covers
// the model's graph or the options (memory.cpp then sums phases).
uint64_t replayed_compute_bytes(const ModelSpec& model, const KvSize& kv, const RuntimeOptions& options);

}  // namespace contextfit

// The solver: the most tokens that fit.
//
//   tokens_memory_limit = the largest ctx with memory_at(ctx).total() <= usable memory
//   tokens_model_limit  = the model's context limit (n_ctx_limit)
//   tokens              = min of the two, per sequence; limited_by says which one binds
//
// memory_at() is non-decreasing in ctx (linear KV, windows that stop growing, padding to 256 or 16), so a binary
// search over integers is exact, including the runtime's rounding: for llama.cpp the answer is a whole number of
// 256-cell blocks, for vLLM of 16-token blocks.
#pragma once

#include <cstdint>

#include "memory.h"
#include "model.h"

namespace contextfit {

enum class LimitedBy { memory, model, weights_do_not_fit };
const char* limited_by_name(LimitedBy l);  // "memory", "model", "weights_do_not_fit"

// Contexts above this are treated as unbounded (memory no longer grows with context for the profile, e.g.
// an all-sliding-window model in theory): 2^40 tokens.
inline constexpr uint64_t max_search_tokens = uint64_t{1} << 40;

struct FitResult {
    uint64_t usable_bytes = 0;          // RAM after reserve (x utilization for vLLM)
    uint64_t tokens_memory_limit = 0;   // per sequence; max_search_tokens when unbounded
    bool memory_unbounded = false;
    uint64_t tokens_model_limit = 0;
    uint64_t tokens = 0;                // per sequence
    uint64_t tokens_total = 0;          // tokens x sequences
    LimitedBy limited_by = LimitedBy::weights_do_not_fit;
    MemoryBreakdown at_tokens;          // memory at `tokens` (weights and buffers only when nothing fits)
    uint64_t missing_bytes = 0;         // weights_do_not_fit: memory short of the smallest context (1 token)
    uint64_t ram_for_model_limit = 0;   // RAM (incl. reserve) that would hold the model's full context
};

FitResult fit(const ModelSpec& model, uint64_t weights_bytes, uint64_t ram_bytes, uint64_t reserve_bytes,
              const RuntimeOptions& options);

}  // namespace contextfit

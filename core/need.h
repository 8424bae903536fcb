// The other direction: "I have this much text" -> the tokens it is for a model, whether the model's context takes
// it, into how many parts it splits if not, and the memory one part needs.
//
//   chars  = the amount in characters; from UTF-8 bytes: bytes / bytes_per_char[language];
//            from pages: pages x chars_per_page[convention]                       (assets/text.json)
//   tokens = ceil(chars / chars_per_token[tokenizer][language])                   per sequence
//            (given as tokens: the per-sequence context, as llama.cpp's -c / --parallel with kv_unified off)
//   fits_context = tokens <= n_ctx_limit;  parts = ceil(tokens / n_ctx_limit)
//   memory = memory_at(min(tokens, n_ctx_limit) per sequence, seqs sequences)     (core/memory.h)
//   ram_bytes = the RAM to buy: total + reserve, over gpu_memory_utilization for vLLM (ram_for_usable)
//
// Example (the archive question): 80 MB of Russian = 80,000,000 / 1.78 = 44.9 M characters; generic tokenizer
// 3.27 characters per token = 13.7 M tokens, above the longest context in the catalog (Llama 4 Scout, 10 M):
// no model takes it at once; Scout in 2 parts, the 1 M-token models in 14.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "estimate.h"

namespace contextfit {

enum class TextUnit { tokens, chars, bytes, pages };
const char* text_unit_name(TextUnit u);                // "tokens", "chars", "bytes", "pages"
Result<TextUnit> parse_text_unit(std::string_view name);

struct NeedRequest {
    // Model, weights, KV types, runtime, seqs, ubatch, flash attention, reserve, language and page as for
    // estimate(); ram_bytes is not used (the answer is the RAM to buy).
    EstimateRequest base;
    // Per sequence. A size such as "80MB" is parse_size()'s bytes; a file is text_stats.h's chars (with its
    // guessed or named language in base.language).
    TextUnit unit = TextUnit::tokens;
    double amount = 0;                     // tokens, characters, UTF-8 bytes or pages of base.page
};

// One model's answer. Field names are the JSON names the shells print.
struct Need {
    const ModelSpec* model = nullptr;
    // The text, for this model's tokenizer family.
    std::string language, tokenizer, page_convention;
    double chars_per_token = 0;
    double chars = 0;
    double text_bytes = 0;                 // UTF-8
    double words = -1;                     // -1 when not counted for the language (zh, code)
    double pages = 0;
    uint64_t tokens = 0;                   // per sequence
    uint64_t tokens_low = 0, tokens_high = 0;  // technical..fiction prose range where measured, else = tokens
    // The context.
    uint64_t n_ctx_limit = 0;
    bool fits_context = false;
    uint64_t parts = 0;                    // 1 when it fits
    uint64_t part_tokens = 0;              // tokens per sequence in one part: min(tokens, n_ctx_limit)
    uint32_t seqs = 1;
    // Memory for one part (all sequences), and the RAM that holds it.
    uint64_t weights_bytes = 0;
    uint64_t kv_bytes = 0;                 // K + V
    uint64_t state_bytes = 0;              // recurrent layers' state
    uint64_t compute_bytes = 0;
    uint64_t output_bytes = 0;
    uint64_t runtime_bytes = 0;            // vLLM non-torch memory + CUDA graphs
    uint64_t total_bytes = 0;              // the sum of the six above
    uint64_t reserve_bytes = 0;            // kept free for the OS and other programs
    uint64_t ram_bytes = 0;                // RAM to buy: total + reserve (/ gpu_memory_utilization for vLLM)
    bool weights_from_file = false;
    MemoryBreakdown memory;                // the same figures as memory_at() gives them
};

// One model: base.model from the catalog, or base.custom_model (a model read from a file).
Result<Need> need(const Assets& assets, const NeedRequest& request);

// Every catalog model (base.model, custom_model and weights_bytes_override are not used), in catalog order.
struct NeedAll {
    std::vector<Need> models;
    uint64_t longest_context = 0;          // the longest n_ctx_limit in the catalog
    std::string longest_context_model;     // its id (the first in catalog order on a tie)
    bool any_fits_context = false;
};
Result<NeedAll> need_all(const Assets& assets, const NeedRequest& request);

}  // namespace contextfit

// When a model does not fit, what would: every weight format of the catalog for one request, and the RAM the
// chosen format needs.
//
//   for each format f:  estimate(request with weights = f)  -> fits, tokens, pages
//   that_fit            = the formats that fit, best first: most bits per weight (the least rounding of the
//                         weights), ties in assets order
//   ram_needed_4096     = need(4,096 tokens per sequence).ram_bytes         (RAM to have, reserve included)
//   ram_needed_full     = need(n_ctx_limit tokens per sequence).ram_bytes
//
// Example (worked in tests/formats_fit_test.cpp): Llama 3.1 70B in 32 GiB, theory: only Q2_K (3.35 bits per
// weight, 27.5 GiB of weights) leaves room for a context in the 30 GiB left after the 2 GiB reserve.
#pragma once

#include <cstdint>
#include <vector>

#include "estimate.h"

namespace contextfit {

struct FormatFit {
    const WeightFormat* format = nullptr;
    bool fits = false;                     // at least one token of context fits
    uint64_t tokens = 0;                   // per sequence
    double pages = 0;                      // of the request's page convention, in its language
    uint64_t weights_bytes = 0;
};

struct FormatsFit {
    std::vector<FormatFit> formats;        // every format, in assets order (the page's formats table)
    std::vector<FormatFit> that_fit;       // the ones that fit, best first
    uint64_t ram_needed_4096 = 0;          // with request.weights, reserve included
    uint64_t ram_needed_full_context = 0;  // at the model's context limit, reserve included
};

// A model read from a file keeps its own exact weight bytes for its own format only; the other formats are sized
// from its parameter count (weights.h).
Result<FormatsFit> formats_fit(const Assets& assets, const EstimateRequest& request);

}  // namespace contextfit
